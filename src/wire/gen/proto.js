/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";
$protobuf.util.Long = undefined;
$protobuf.configure();

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const gdp = $root.gdp = (() => {

    /**
     * Namespace gdp.
     * @exports gdp
     * @namespace
     */
    const gdp = {};

    gdp.v1 = (function() {

        /**
         * Namespace v1.
         * @memberof gdp
         * @namespace
         */
        const v1 = {};

        /**
         * SignatureAlgorithm enum.
         * @name gdp.v1.SignatureAlgorithm
         * @enum {number}
         * @property {number} SIGNATURE_ALGORITHM_UNSPECIFIED=0 SIGNATURE_ALGORITHM_UNSPECIFIED value
         * @property {number} ED25519=1 ED25519 value
         */
        v1.SignatureAlgorithm = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "SIGNATURE_ALGORITHM_UNSPECIFIED"] = 0;
            values[valuesById[1] = "ED25519"] = 1;
            return values;
        })();

        v1.PublicKey = (function() {

            /**
             * Properties of a PublicKey.
             * @typedef {Object} gdp.v1.PublicKey.$Properties
             * @property {gdp.v1.SignatureAlgorithm|null} [algorithm] PublicKey algorithm
             * @property {Uint8Array|null} [key] PublicKey key
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a PublicKey.
             * @memberof gdp.v1
             * @interface IPublicKey
             * @augments gdp.v1.PublicKey.$Properties
             * @deprecated Use gdp.v1.PublicKey.$Properties instead.
             */

            /**
             * Shape of a PublicKey.
             * @typedef {gdp.v1.PublicKey.$Properties} gdp.v1.PublicKey.$Shape
             */

            /**
             * Constructs a new PublicKey.
             * @memberof gdp.v1
             * @classdesc Represents a PublicKey.
             * @constructor
             * @param {gdp.v1.PublicKey.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const PublicKey = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * PublicKey algorithm.
             * @member {gdp.v1.SignatureAlgorithm} algorithm
             * @memberof gdp.v1.PublicKey
             * @instance
             */
            PublicKey.prototype.algorithm = 0;

            /**
             * PublicKey key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.PublicKey
             * @instance
             */
            PublicKey.prototype.key = $util.newBuffer([]);

            /**
             * Creates a new PublicKey instance using the specified properties.
             * @function create
             * @memberof gdp.v1.PublicKey
             * @static
             * @param {gdp.v1.PublicKey.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.PublicKey} PublicKey instance
             * @type {{
             *   (properties: gdp.v1.PublicKey.$Shape): gdp.v1.PublicKey & gdp.v1.PublicKey.$Shape;
             *   (properties?: gdp.v1.PublicKey.$Properties): gdp.v1.PublicKey;
             * }}
             */
            PublicKey.create = function(properties) {
                return new PublicKey(properties);
            };

            /**
             * Encodes the specified PublicKey message. Does not implicitly {@link gdp.v1.PublicKey.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.PublicKey
             * @static
             * @param {gdp.v1.PublicKey.$Properties} message PublicKey message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            PublicKey.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.algorithm != null && $Object.hasOwnProperty.call(message, "algorithm") && message.algorithm !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.algorithm);
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.key);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a PublicKey message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.PublicKey
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.PublicKey & gdp.v1.PublicKey.$Shape} PublicKey
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            PublicKey.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.PublicKey();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.int32())
                                message.algorithm = value;
                            else
                                delete message.algorithm;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.key = value;
                            else
                                delete message.key;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for PublicKey
             * @function getTypeUrl
             * @memberof gdp.v1.PublicKey
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            PublicKey.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.PublicKey";
            };

            return PublicKey;
        })();

        v1.ReplicationPolicy = (function() {

            /**
             * Properties of a ReplicationPolicy.
             * @typedef {Object} gdp.v1.ReplicationPolicy.$Properties
             * @property {number|null} [replicas] ReplicationPolicy replicas
             * @property {number|null} [writeQuorum] ReplicationPolicy writeQuorum
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReplicationPolicy.
             * @memberof gdp.v1
             * @interface IReplicationPolicy
             * @augments gdp.v1.ReplicationPolicy.$Properties
             * @deprecated Use gdp.v1.ReplicationPolicy.$Properties instead.
             */

            /**
             * Shape of a ReplicationPolicy.
             * @typedef {gdp.v1.ReplicationPolicy.$Properties} gdp.v1.ReplicationPolicy.$Shape
             */

            /**
             * Constructs a new ReplicationPolicy.
             * @memberof gdp.v1
             * @classdesc Represents a ReplicationPolicy.
             * @constructor
             * @param {gdp.v1.ReplicationPolicy.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReplicationPolicy = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReplicationPolicy replicas.
             * @member {number} replicas
             * @memberof gdp.v1.ReplicationPolicy
             * @instance
             */
            ReplicationPolicy.prototype.replicas = 0;

            /**
             * ReplicationPolicy writeQuorum.
             * @member {number} writeQuorum
             * @memberof gdp.v1.ReplicationPolicy
             * @instance
             */
            ReplicationPolicy.prototype.writeQuorum = 0;

            /**
             * Creates a new ReplicationPolicy instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ReplicationPolicy
             * @static
             * @param {gdp.v1.ReplicationPolicy.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ReplicationPolicy} ReplicationPolicy instance
             * @type {{
             *   (properties: gdp.v1.ReplicationPolicy.$Shape): gdp.v1.ReplicationPolicy & gdp.v1.ReplicationPolicy.$Shape;
             *   (properties?: gdp.v1.ReplicationPolicy.$Properties): gdp.v1.ReplicationPolicy;
             * }}
             */
            ReplicationPolicy.create = function(properties) {
                return new ReplicationPolicy(properties);
            };

            /**
             * Encodes the specified ReplicationPolicy message. Does not implicitly {@link gdp.v1.ReplicationPolicy.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ReplicationPolicy
             * @static
             * @param {gdp.v1.ReplicationPolicy.$Properties} message ReplicationPolicy message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReplicationPolicy.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.replicas != null && $Object.hasOwnProperty.call(message, "replicas") && message.replicas !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.replicas);
                if (message.writeQuorum != null && $Object.hasOwnProperty.call(message, "writeQuorum") && message.writeQuorum !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.writeQuorum);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReplicationPolicy message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ReplicationPolicy
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ReplicationPolicy & gdp.v1.ReplicationPolicy.$Shape} ReplicationPolicy
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReplicationPolicy.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.ReplicationPolicy();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.replicas = value;
                            else
                                delete message.replicas;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.writeQuorum = value;
                            else
                                delete message.writeQuorum;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for ReplicationPolicy
             * @function getTypeUrl
             * @memberof gdp.v1.ReplicationPolicy
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ReplicationPolicy.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ReplicationPolicy";
            };

            return ReplicationPolicy;
        })();

        v1.AppField = (function() {

            /**
             * Properties of an AppField.
             * @typedef {Object} gdp.v1.AppField.$Properties
             * @property {string|null} [key] AppField key
             * @property {Uint8Array|null} [value] AppField value
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AppField.
             * @memberof gdp.v1
             * @interface IAppField
             * @augments gdp.v1.AppField.$Properties
             * @deprecated Use gdp.v1.AppField.$Properties instead.
             */

            /**
             * Shape of an AppField.
             * @typedef {gdp.v1.AppField.$Properties} gdp.v1.AppField.$Shape
             */

            /**
             * Constructs a new AppField.
             * @memberof gdp.v1
             * @classdesc Represents an AppField.
             * @constructor
             * @param {gdp.v1.AppField.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AppField = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AppField key.
             * @member {string} key
             * @memberof gdp.v1.AppField
             * @instance
             */
            AppField.prototype.key = "";

            /**
             * AppField value.
             * @member {Uint8Array} value
             * @memberof gdp.v1.AppField
             * @instance
             */
            AppField.prototype.value = $util.newBuffer([]);

            /**
             * Creates a new AppField instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AppField
             * @static
             * @param {gdp.v1.AppField.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AppField} AppField instance
             * @type {{
             *   (properties: gdp.v1.AppField.$Shape): gdp.v1.AppField & gdp.v1.AppField.$Shape;
             *   (properties?: gdp.v1.AppField.$Properties): gdp.v1.AppField;
             * }}
             */
            AppField.create = function(properties) {
                return new AppField(properties);
            };

            /**
             * Encodes the specified AppField message. Does not implicitly {@link gdp.v1.AppField.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AppField
             * @static
             * @param {gdp.v1.AppField.$Properties} message AppField message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppField.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.key);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.value);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AppField message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AppField
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AppField & gdp.v1.AppField.$Shape} AppField
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppField.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.AppField();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.key = value;
                            else
                                delete message.key;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.value = value;
                            else
                                delete message.value;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for AppField
             * @function getTypeUrl
             * @memberof gdp.v1.AppField
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AppField.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AppField";
            };

            return AppField;
        })();

        v1.CapsuleMetadata = (function() {

            /**
             * Properties of a CapsuleMetadata.
             * @typedef {Object} gdp.v1.CapsuleMetadata.$Properties
             * @property {number|null} [version] CapsuleMetadata version
             * @property {gdp.v1.PublicKey.$Properties|null} [owner] CapsuleMetadata owner
             * @property {gdp.v1.PublicKey.$Properties|null} [writer] CapsuleMetadata writer
             * @property {number|Long|null} [createdAtUs] CapsuleMetadata createdAtUs
             * @property {number|Long|null} [expiresAtUs] CapsuleMetadata expiresAtUs
             * @property {gdp.v1.ReplicationPolicy.$Properties|null} [replication] CapsuleMetadata replication
             * @property {Array.<gdp.v1.AppField.$Properties>|null} [appFields] CapsuleMetadata appFields
             * @property {Uint8Array|null} [nonce] CapsuleMetadata nonce
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CapsuleMetadata.
             * @memberof gdp.v1
             * @interface ICapsuleMetadata
             * @augments gdp.v1.CapsuleMetadata.$Properties
             * @deprecated Use gdp.v1.CapsuleMetadata.$Properties instead.
             */

            /**
             * Shape of a CapsuleMetadata.
             * @typedef {gdp.v1.CapsuleMetadata.$Properties} gdp.v1.CapsuleMetadata.$Shape
             */

            /**
             * Constructs a new CapsuleMetadata.
             * @memberof gdp.v1
             * @classdesc Represents a CapsuleMetadata.
             * @constructor
             * @param {gdp.v1.CapsuleMetadata.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CapsuleMetadata = function (properties) {
                this.appFields = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CapsuleMetadata version.
             * @member {number} version
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.version = 0;

            /**
             * CapsuleMetadata owner.
             * @member {gdp.v1.PublicKey.$Properties|null|undefined} owner
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.owner = null;

            /**
             * CapsuleMetadata writer.
             * @member {gdp.v1.PublicKey.$Properties|null|undefined} writer
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.writer = null;

            /**
             * CapsuleMetadata createdAtUs.
             * @member {number|Long} createdAtUs
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.createdAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CapsuleMetadata expiresAtUs.
             * @member {number|Long} expiresAtUs
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.expiresAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CapsuleMetadata replication.
             * @member {gdp.v1.ReplicationPolicy.$Properties|null|undefined} replication
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.replication = null;

            /**
             * CapsuleMetadata appFields.
             * @member {Array.<gdp.v1.AppField.$Properties>} appFields
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.appFields = $util.emptyArray;

            /**
             * CapsuleMetadata nonce.
             * @member {Uint8Array} nonce
             * @memberof gdp.v1.CapsuleMetadata
             * @instance
             */
            CapsuleMetadata.prototype.nonce = $util.newBuffer([]);

            /**
             * Creates a new CapsuleMetadata instance using the specified properties.
             * @function create
             * @memberof gdp.v1.CapsuleMetadata
             * @static
             * @param {gdp.v1.CapsuleMetadata.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.CapsuleMetadata} CapsuleMetadata instance
             * @type {{
             *   (properties: gdp.v1.CapsuleMetadata.$Shape): gdp.v1.CapsuleMetadata & gdp.v1.CapsuleMetadata.$Shape;
             *   (properties?: gdp.v1.CapsuleMetadata.$Properties): gdp.v1.CapsuleMetadata;
             * }}
             */
            CapsuleMetadata.create = function(properties) {
                return new CapsuleMetadata(properties);
            };

            /**
             * Encodes the specified CapsuleMetadata message. Does not implicitly {@link gdp.v1.CapsuleMetadata.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.CapsuleMetadata
             * @static
             * @param {gdp.v1.CapsuleMetadata.$Properties} message CapsuleMetadata message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CapsuleMetadata.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.owner != null && $Object.hasOwnProperty.call(message, "owner"))
                    $root.gdp.v1.PublicKey.encode(message.owner, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.writer != null && $Object.hasOwnProperty.call(message, "writer"))
                    $root.gdp.v1.PublicKey.encode(message.writer, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.createdAtUs != null && $Object.hasOwnProperty.call(message, "createdAtUs") && (typeof message.createdAtUs === "object" ? message.createdAtUs.low || message.createdAtUs.high : message.createdAtUs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.createdAtUs);
                if (message.expiresAtUs != null && $Object.hasOwnProperty.call(message, "expiresAtUs") && (typeof message.expiresAtUs === "object" ? message.expiresAtUs.low || message.expiresAtUs.high : message.expiresAtUs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.expiresAtUs);
                if (message.replication != null && $Object.hasOwnProperty.call(message, "replication"))
                    $root.gdp.v1.ReplicationPolicy.encode(message.replication, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.appFields != null && message.appFields.length)
                    for (let i = 0; i < message.appFields.length; ++i)
                        $root.gdp.v1.AppField.encode(message.appFields[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                    writer.uint32(/* id 8, wireType 2 =*/66).bytes(message.nonce);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CapsuleMetadata message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.CapsuleMetadata
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.CapsuleMetadata & gdp.v1.CapsuleMetadata.$Shape} CapsuleMetadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CapsuleMetadata.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.CapsuleMetadata();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.owner = $root.gdp.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1, message.owner);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.writer = $root.gdp.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1, message.writer);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.createdAtUs = value;
                            else
                                delete message.createdAtUs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAtUs = value;
                            else
                                delete message.expiresAtUs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.replication = $root.gdp.v1.ReplicationPolicy.decode(reader, reader.size(), $undefined, _depth + 1, message.replication);
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.appFields && message.appFields.length))
                                message.appFields = [];
                            message.appFields.push($root.gdp.v1.AppField.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.nonce = value;
                            else
                                delete message.nonce;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for CapsuleMetadata
             * @function getTypeUrl
             * @memberof gdp.v1.CapsuleMetadata
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CapsuleMetadata.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.CapsuleMetadata";
            };

            return CapsuleMetadata;
        })();

        v1.SignedMetadata = (function() {

            /**
             * Properties of a SignedMetadata.
             * @typedef {Object} gdp.v1.SignedMetadata.$Properties
             * @property {gdp.v1.CapsuleMetadata.$Properties|null} [metadata] SignedMetadata metadata
             * @property {Uint8Array|null} [ownerSignature] SignedMetadata ownerSignature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedMetadata.
             * @memberof gdp.v1
             * @interface ISignedMetadata
             * @augments gdp.v1.SignedMetadata.$Properties
             * @deprecated Use gdp.v1.SignedMetadata.$Properties instead.
             */

            /**
             * Shape of a SignedMetadata.
             * @typedef {gdp.v1.SignedMetadata.$Properties} gdp.v1.SignedMetadata.$Shape
             */

            /**
             * Constructs a new SignedMetadata.
             * @memberof gdp.v1
             * @classdesc Represents a SignedMetadata.
             * @constructor
             * @param {gdp.v1.SignedMetadata.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedMetadata = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedMetadata metadata.
             * @member {gdp.v1.CapsuleMetadata.$Properties|null|undefined} metadata
             * @memberof gdp.v1.SignedMetadata
             * @instance
             */
            SignedMetadata.prototype.metadata = null;

            /**
             * SignedMetadata ownerSignature.
             * @member {Uint8Array} ownerSignature
             * @memberof gdp.v1.SignedMetadata
             * @instance
             */
            SignedMetadata.prototype.ownerSignature = $util.newBuffer([]);

            /**
             * Creates a new SignedMetadata instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SignedMetadata
             * @static
             * @param {gdp.v1.SignedMetadata.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SignedMetadata} SignedMetadata instance
             * @type {{
             *   (properties: gdp.v1.SignedMetadata.$Shape): gdp.v1.SignedMetadata & gdp.v1.SignedMetadata.$Shape;
             *   (properties?: gdp.v1.SignedMetadata.$Properties): gdp.v1.SignedMetadata;
             * }}
             */
            SignedMetadata.create = function(properties) {
                return new SignedMetadata(properties);
            };

            /**
             * Encodes the specified SignedMetadata message. Does not implicitly {@link gdp.v1.SignedMetadata.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SignedMetadata
             * @static
             * @param {gdp.v1.SignedMetadata.$Properties} message SignedMetadata message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedMetadata.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.metadata != null && $Object.hasOwnProperty.call(message, "metadata"))
                    $root.gdp.v1.CapsuleMetadata.encode(message.metadata, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.ownerSignature != null && $Object.hasOwnProperty.call(message, "ownerSignature") && message.ownerSignature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.ownerSignature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedMetadata message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SignedMetadata
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SignedMetadata & gdp.v1.SignedMetadata.$Shape} SignedMetadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedMetadata.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.SignedMetadata();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.metadata = $root.gdp.v1.CapsuleMetadata.decode(reader, reader.size(), $undefined, _depth + 1, message.metadata);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.ownerSignature = value;
                            else
                                delete message.ownerSignature;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for SignedMetadata
             * @function getTypeUrl
             * @memberof gdp.v1.SignedMetadata
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedMetadata.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SignedMetadata";
            };

            return SignedMetadata;
        })();

        v1.RecordHeader = (function() {

            /**
             * Properties of a RecordHeader.
             * @typedef {Object} gdp.v1.RecordHeader.$Properties
             * @property {number|Long|null} [seqno] RecordHeader seqno
             * @property {number|Long|null} [timestampUs] RecordHeader timestampUs
             * @property {Uint8Array|null} [prevHash] RecordHeader prevHash
             * @property {Uint8Array|null} [payloadHash] RecordHeader payloadHash
             * @property {number|Long|null} [payloadLength] RecordHeader payloadLength
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RecordHeader.
             * @memberof gdp.v1
             * @interface IRecordHeader
             * @augments gdp.v1.RecordHeader.$Properties
             * @deprecated Use gdp.v1.RecordHeader.$Properties instead.
             */

            /**
             * Shape of a RecordHeader.
             * @typedef {gdp.v1.RecordHeader.$Properties} gdp.v1.RecordHeader.$Shape
             */

            /**
             * Constructs a new RecordHeader.
             * @memberof gdp.v1
             * @classdesc Represents a RecordHeader.
             * @constructor
             * @param {gdp.v1.RecordHeader.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RecordHeader = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RecordHeader seqno.
             * @member {number|Long} seqno
             * @memberof gdp.v1.RecordHeader
             * @instance
             */
            RecordHeader.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RecordHeader timestampUs.
             * @member {number|Long} timestampUs
             * @memberof gdp.v1.RecordHeader
             * @instance
             */
            RecordHeader.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RecordHeader prevHash.
             * @member {Uint8Array} prevHash
             * @memberof gdp.v1.RecordHeader
             * @instance
             */
            RecordHeader.prototype.prevHash = $util.newBuffer([]);

            /**
             * RecordHeader payloadHash.
             * @member {Uint8Array} payloadHash
             * @memberof gdp.v1.RecordHeader
             * @instance
             */
            RecordHeader.prototype.payloadHash = $util.newBuffer([]);

            /**
             * RecordHeader payloadLength.
             * @member {number|Long} payloadLength
             * @memberof gdp.v1.RecordHeader
             * @instance
             */
            RecordHeader.prototype.payloadLength = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new RecordHeader instance using the specified properties.
             * @function create
             * @memberof gdp.v1.RecordHeader
             * @static
             * @param {gdp.v1.RecordHeader.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.RecordHeader} RecordHeader instance
             * @type {{
             *   (properties: gdp.v1.RecordHeader.$Shape): gdp.v1.RecordHeader & gdp.v1.RecordHeader.$Shape;
             *   (properties?: gdp.v1.RecordHeader.$Properties): gdp.v1.RecordHeader;
             * }}
             */
            RecordHeader.create = function(properties) {
                return new RecordHeader(properties);
            };

            /**
             * Encodes the specified RecordHeader message. Does not implicitly {@link gdp.v1.RecordHeader.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.RecordHeader
             * @static
             * @param {gdp.v1.RecordHeader.$Properties} message RecordHeader message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RecordHeader.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno") && (typeof message.seqno === "object" ? message.seqno.low || message.seqno.high : message.seqno !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seqno);
                if (message.timestampUs != null && $Object.hasOwnProperty.call(message, "timestampUs") && (typeof message.timestampUs === "object" ? message.timestampUs.low || message.timestampUs.high : message.timestampUs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.timestampUs);
                if (message.prevHash != null && $Object.hasOwnProperty.call(message, "prevHash") && message.prevHash.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.prevHash);
                if (message.payloadHash != null && $Object.hasOwnProperty.call(message, "payloadHash") && message.payloadHash.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.payloadHash);
                if (message.payloadLength != null && $Object.hasOwnProperty.call(message, "payloadLength") && (typeof message.payloadLength === "object" ? message.payloadLength.low || message.payloadLength.high : message.payloadLength !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.payloadLength);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RecordHeader message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.RecordHeader
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.RecordHeader & gdp.v1.RecordHeader.$Shape} RecordHeader
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RecordHeader.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.RecordHeader();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqno = value;
                            else
                                delete message.seqno;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.timestampUs = value;
                            else
                                delete message.timestampUs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.prevHash = value;
                            else
                                delete message.prevHash;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.payloadHash = value;
                            else
                                delete message.payloadHash;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.payloadLength = value;
                            else
                                delete message.payloadLength;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for RecordHeader
             * @function getTypeUrl
             * @memberof gdp.v1.RecordHeader
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            RecordHeader.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.RecordHeader";
            };

            return RecordHeader;
        })();

        v1.Record = (function() {

            /**
             * Properties of a Record.
             * @typedef {Object} gdp.v1.Record.$Properties
             * @property {gdp.v1.RecordHeader.$Properties|null} [header] Record header
             * @property {Uint8Array|null} [payload] Record payload
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Record.
             * @memberof gdp.v1
             * @interface IRecord
             * @augments gdp.v1.Record.$Properties
             * @deprecated Use gdp.v1.Record.$Properties instead.
             */

            /**
             * Shape of a Record.
             * @typedef {gdp.v1.Record.$Properties} gdp.v1.Record.$Shape
             */

            /**
             * Constructs a new Record.
             * @memberof gdp.v1
             * @classdesc Represents a Record.
             * @constructor
             * @param {gdp.v1.Record.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Record = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Record header.
             * @member {gdp.v1.RecordHeader.$Properties|null|undefined} header
             * @memberof gdp.v1.Record
             * @instance
             */
            Record.prototype.header = null;

            /**
             * Record payload.
             * @member {Uint8Array} payload
             * @memberof gdp.v1.Record
             * @instance
             */
            Record.prototype.payload = $util.newBuffer([]);

            /**
             * Creates a new Record instance using the specified properties.
             * @function create
             * @memberof gdp.v1.Record
             * @static
             * @param {gdp.v1.Record.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.Record} Record instance
             * @type {{
             *   (properties: gdp.v1.Record.$Shape): gdp.v1.Record & gdp.v1.Record.$Shape;
             *   (properties?: gdp.v1.Record.$Properties): gdp.v1.Record;
             * }}
             */
            Record.create = function(properties) {
                return new Record(properties);
            };

            /**
             * Encodes the specified Record message. Does not implicitly {@link gdp.v1.Record.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.Record
             * @static
             * @param {gdp.v1.Record.$Properties} message Record message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Record.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                    $root.gdp.v1.RecordHeader.encode(message.header, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.payload != null && $Object.hasOwnProperty.call(message, "payload") && message.payload.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.payload);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Record message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.Record
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.Record & gdp.v1.Record.$Shape} Record
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Record.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.Record();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.header = $root.gdp.v1.RecordHeader.decode(reader, reader.size(), $undefined, _depth + 1, message.header);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.payload = value;
                            else
                                delete message.payload;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for Record
             * @function getTypeUrl
             * @memberof gdp.v1.Record
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Record.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.Record";
            };

            return Record;
        })();

        v1.Heartbeat = (function() {

            /**
             * Properties of a Heartbeat.
             * @typedef {Object} gdp.v1.Heartbeat.$Properties
             * @property {Uint8Array|null} [capsule] Heartbeat capsule
             * @property {number|Long|null} [size] Heartbeat size
             * @property {Uint8Array|null} [root] Heartbeat root
             * @property {Uint8Array|null} [lastRecordHash] Heartbeat lastRecordHash
             * @property {number|Long|null} [timestampUs] Heartbeat timestampUs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Heartbeat.
             * @memberof gdp.v1
             * @interface IHeartbeat
             * @augments gdp.v1.Heartbeat.$Properties
             * @deprecated Use gdp.v1.Heartbeat.$Properties instead.
             */

            /**
             * Shape of a Heartbeat.
             * @typedef {gdp.v1.Heartbeat.$Properties} gdp.v1.Heartbeat.$Shape
             */

            /**
             * Constructs a new Heartbeat.
             * @memberof gdp.v1
             * @classdesc Represents a Heartbeat.
             * @constructor
             * @param {gdp.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Heartbeat = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Heartbeat capsule.
             * @member {Uint8Array} capsule
             * @memberof gdp.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.capsule = $util.newBuffer([]);

            /**
             * Heartbeat size.
             * @member {number|Long} size
             * @memberof gdp.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Heartbeat root.
             * @member {Uint8Array} root
             * @memberof gdp.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.root = $util.newBuffer([]);

            /**
             * Heartbeat lastRecordHash.
             * @member {Uint8Array} lastRecordHash
             * @memberof gdp.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.lastRecordHash = $util.newBuffer([]);

            /**
             * Heartbeat timestampUs.
             * @member {number|Long} timestampUs
             * @memberof gdp.v1.Heartbeat
             * @instance
             */
            Heartbeat.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @function create
             * @memberof gdp.v1.Heartbeat
             * @static
             * @param {gdp.v1.Heartbeat.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.Heartbeat} Heartbeat instance
             * @type {{
             *   (properties: gdp.v1.Heartbeat.$Shape): gdp.v1.Heartbeat & gdp.v1.Heartbeat.$Shape;
             *   (properties?: gdp.v1.Heartbeat.$Properties): gdp.v1.Heartbeat;
             * }}
             */
            Heartbeat.create = function(properties) {
                return new Heartbeat(properties);
            };

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link gdp.v1.Heartbeat.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.Heartbeat
             * @static
             * @param {gdp.v1.Heartbeat.$Properties} message Heartbeat message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Heartbeat.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.capsule != null && $Object.hasOwnProperty.call(message, "capsule") && message.capsule.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.capsule);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.size);
                if (message.root != null && $Object.hasOwnProperty.call(message, "root") && message.root.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.root);
                if (message.lastRecordHash != null && $Object.hasOwnProperty.call(message, "lastRecordHash") && message.lastRecordHash.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.lastRecordHash);
                if (message.timestampUs != null && $Object.hasOwnProperty.call(message, "timestampUs") && (typeof message.timestampUs === "object" ? message.timestampUs.low || message.timestampUs.high : message.timestampUs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.timestampUs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.Heartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.Heartbeat & gdp.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Heartbeat.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.Heartbeat();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.capsule = value;
                            else
                                delete message.capsule;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.root = value;
                            else
                                delete message.root;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.lastRecordHash = value;
                            else
                                delete message.lastRecordHash;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.timestampUs = value;
                            else
                                delete message.timestampUs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for Heartbeat
             * @function getTypeUrl
             * @memberof gdp.v1.Heartbeat
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Heartbeat.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.Heartbeat";
            };

            return Heartbeat;
        })();

        v1.SignedHeartbeat = (function() {

            /**
             * Properties of a SignedHeartbeat.
             * @typedef {Object} gdp.v1.SignedHeartbeat.$Properties
             * @property {gdp.v1.Heartbeat.$Properties|null} [heartbeat] SignedHeartbeat heartbeat
             * @property {Uint8Array|null} [signature] SignedHeartbeat signature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedHeartbeat.
             * @memberof gdp.v1
             * @interface ISignedHeartbeat
             * @augments gdp.v1.SignedHeartbeat.$Properties
             * @deprecated Use gdp.v1.SignedHeartbeat.$Properties instead.
             */

            /**
             * Shape of a SignedHeartbeat.
             * @typedef {gdp.v1.SignedHeartbeat.$Properties} gdp.v1.SignedHeartbeat.$Shape
             */

            /**
             * Constructs a new SignedHeartbeat.
             * @memberof gdp.v1
             * @classdesc Represents a SignedHeartbeat.
             * @constructor
             * @param {gdp.v1.SignedHeartbeat.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedHeartbeat = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedHeartbeat heartbeat.
             * @member {gdp.v1.Heartbeat.$Properties|null|undefined} heartbeat
             * @memberof gdp.v1.SignedHeartbeat
             * @instance
             */
            SignedHeartbeat.prototype.heartbeat = null;

            /**
             * SignedHeartbeat signature.
             * @member {Uint8Array} signature
             * @memberof gdp.v1.SignedHeartbeat
             * @instance
             */
            SignedHeartbeat.prototype.signature = $util.newBuffer([]);

            /**
             * Creates a new SignedHeartbeat instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SignedHeartbeat
             * @static
             * @param {gdp.v1.SignedHeartbeat.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SignedHeartbeat} SignedHeartbeat instance
             * @type {{
             *   (properties: gdp.v1.SignedHeartbeat.$Shape): gdp.v1.SignedHeartbeat & gdp.v1.SignedHeartbeat.$Shape;
             *   (properties?: gdp.v1.SignedHeartbeat.$Properties): gdp.v1.SignedHeartbeat;
             * }}
             */
            SignedHeartbeat.create = function(properties) {
                return new SignedHeartbeat(properties);
            };

            /**
             * Encodes the specified SignedHeartbeat message. Does not implicitly {@link gdp.v1.SignedHeartbeat.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SignedHeartbeat
             * @static
             * @param {gdp.v1.SignedHeartbeat.$Properties} message SignedHeartbeat message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedHeartbeat.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.gdp.v1.Heartbeat.encode(message.heartbeat, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.signature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedHeartbeat message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SignedHeartbeat
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SignedHeartbeat & gdp.v1.SignedHeartbeat.$Shape} SignedHeartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedHeartbeat.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.SignedHeartbeat();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.gdp.v1.Heartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.signature = value;
                            else
                                delete message.signature;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for SignedHeartbeat
             * @function getTypeUrl
             * @memberof gdp.v1.SignedHeartbeat
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedHeartbeat.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SignedHeartbeat";
            };

            return SignedHeartbeat;
        })();

        v1.InclusionProof = (function() {

            /**
             * Properties of an InclusionProof.
             * @typedef {Object} gdp.v1.InclusionProof.$Properties
             * @property {number|Long|null} [index] InclusionProof index
             * @property {number|Long|null} [treeSize] InclusionProof treeSize
             * @property {Array.<Uint8Array>|null} [path] InclusionProof path
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an InclusionProof.
             * @memberof gdp.v1
             * @interface IInclusionProof
             * @augments gdp.v1.InclusionProof.$Properties
             * @deprecated Use gdp.v1.InclusionProof.$Properties instead.
             */

            /**
             * Shape of an InclusionProof.
             * @typedef {gdp.v1.InclusionProof.$Properties} gdp.v1.InclusionProof.$Shape
             */

            /**
             * Constructs a new InclusionProof.
             * @memberof gdp.v1
             * @classdesc Represents an InclusionProof.
             * @constructor
             * @param {gdp.v1.InclusionProof.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const InclusionProof = function (properties) {
                this.path = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * InclusionProof index.
             * @member {number|Long} index
             * @memberof gdp.v1.InclusionProof
             * @instance
             */
            InclusionProof.prototype.index = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * InclusionProof treeSize.
             * @member {number|Long} treeSize
             * @memberof gdp.v1.InclusionProof
             * @instance
             */
            InclusionProof.prototype.treeSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * InclusionProof path.
             * @member {Array.<Uint8Array>} path
             * @memberof gdp.v1.InclusionProof
             * @instance
             */
            InclusionProof.prototype.path = $util.emptyArray;

            /**
             * Creates a new InclusionProof instance using the specified properties.
             * @function create
             * @memberof gdp.v1.InclusionProof
             * @static
             * @param {gdp.v1.InclusionProof.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.InclusionProof} InclusionProof instance
             * @type {{
             *   (properties: gdp.v1.InclusionProof.$Shape): gdp.v1.InclusionProof & gdp.v1.InclusionProof.$Shape;
             *   (properties?: gdp.v1.InclusionProof.$Properties): gdp.v1.InclusionProof;
             * }}
             */
            InclusionProof.create = function(properties) {
                return new InclusionProof(properties);
            };

            /**
             * Encodes the specified InclusionProof message. Does not implicitly {@link gdp.v1.InclusionProof.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.InclusionProof
             * @static
             * @param {gdp.v1.InclusionProof.$Properties} message InclusionProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            InclusionProof.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.index != null && $Object.hasOwnProperty.call(message, "index") && (typeof message.index === "object" ? message.index.low || message.index.high : message.index !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.index);
                if (message.treeSize != null && $Object.hasOwnProperty.call(message, "treeSize") && (typeof message.treeSize === "object" ? message.treeSize.low || message.treeSize.high : message.treeSize !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.treeSize);
                if (message.path != null && message.path.length)
                    for (let i = 0; i < message.path.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.path[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an InclusionProof message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.InclusionProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.InclusionProof & gdp.v1.InclusionProof.$Shape} InclusionProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            InclusionProof.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.InclusionProof();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.index = value;
                            else
                                delete message.index;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.treeSize = value;
                            else
                                delete message.treeSize;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.path && message.path.length))
                                message.path = [];
                            message.path.push(reader.bytes());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for InclusionProof
             * @function getTypeUrl
             * @memberof gdp.v1.InclusionProof
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            InclusionProof.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.InclusionProof";
            };

            return InclusionProof;
        })();

        v1.ConsistencyProof = (function() {

            /**
             * Properties of a ConsistencyProof.
             * @typedef {Object} gdp.v1.ConsistencyProof.$Properties
             * @property {number|Long|null} [fromSize] ConsistencyProof fromSize
             * @property {number|Long|null} [toSize] ConsistencyProof toSize
             * @property {Array.<Uint8Array>|null} [path] ConsistencyProof path
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ConsistencyProof.
             * @memberof gdp.v1
             * @interface IConsistencyProof
             * @augments gdp.v1.ConsistencyProof.$Properties
             * @deprecated Use gdp.v1.ConsistencyProof.$Properties instead.
             */

            /**
             * Shape of a ConsistencyProof.
             * @typedef {gdp.v1.ConsistencyProof.$Properties} gdp.v1.ConsistencyProof.$Shape
             */

            /**
             * Constructs a new ConsistencyProof.
             * @memberof gdp.v1
             * @classdesc Represents a ConsistencyProof.
             * @constructor
             * @param {gdp.v1.ConsistencyProof.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ConsistencyProof = function (properties) {
                this.path = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ConsistencyProof fromSize.
             * @member {number|Long} fromSize
             * @memberof gdp.v1.ConsistencyProof
             * @instance
             */
            ConsistencyProof.prototype.fromSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ConsistencyProof toSize.
             * @member {number|Long} toSize
             * @memberof gdp.v1.ConsistencyProof
             * @instance
             */
            ConsistencyProof.prototype.toSize = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ConsistencyProof path.
             * @member {Array.<Uint8Array>} path
             * @memberof gdp.v1.ConsistencyProof
             * @instance
             */
            ConsistencyProof.prototype.path = $util.emptyArray;

            /**
             * Creates a new ConsistencyProof instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ConsistencyProof
             * @static
             * @param {gdp.v1.ConsistencyProof.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ConsistencyProof} ConsistencyProof instance
             * @type {{
             *   (properties: gdp.v1.ConsistencyProof.$Shape): gdp.v1.ConsistencyProof & gdp.v1.ConsistencyProof.$Shape;
             *   (properties?: gdp.v1.ConsistencyProof.$Properties): gdp.v1.ConsistencyProof;
             * }}
             */
            ConsistencyProof.create = function(properties) {
                return new ConsistencyProof(properties);
            };

            /**
             * Encodes the specified ConsistencyProof message. Does not implicitly {@link gdp.v1.ConsistencyProof.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ConsistencyProof
             * @static
             * @param {gdp.v1.ConsistencyProof.$Properties} message ConsistencyProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ConsistencyProof.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.fromSize != null && $Object.hasOwnProperty.call(message, "fromSize") && (typeof message.fromSize === "object" ? message.fromSize.low || message.fromSize.high : message.fromSize !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.fromSize);
                if (message.toSize != null && $Object.hasOwnProperty.call(message, "toSize") && (typeof message.toSize === "object" ? message.toSize.low || message.toSize.high : message.toSize !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.toSize);
                if (message.path != null && message.path.length)
                    for (let i = 0; i < message.path.length; ++i)
                        writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.path[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ConsistencyProof message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ConsistencyProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ConsistencyProof & gdp.v1.ConsistencyProof.$Shape} ConsistencyProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ConsistencyProof.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.ConsistencyProof();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.fromSize = value;
                            else
                                delete message.fromSize;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.toSize = value;
                            else
                                delete message.toSize;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.path && message.path.length))
                                message.path = [];
                            message.path.push(reader.bytes());
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for ConsistencyProof
             * @function getTypeUrl
             * @memberof gdp.v1.ConsistencyProof
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ConsistencyProof.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ConsistencyProof";
            };

            return ConsistencyProof;
        })();

        v1.ForkProof = (function() {

            /**
             * Properties of a ForkProof.
             * @typedef {Object} gdp.v1.ForkProof.$Properties
             * @property {gdp.v1.SignedMetadata.$Properties|null} [metadata] ForkProof metadata
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [first] ForkProof first
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [second] ForkProof second
             * @property {gdp.v1.InclusionProof.$Properties|null} [divergence] ForkProof divergence
             * @property {Uint8Array|null} [divergentRecordHash] ForkProof divergentRecordHash
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ForkProof.
             * @memberof gdp.v1
             * @interface IForkProof
             * @augments gdp.v1.ForkProof.$Properties
             * @deprecated Use gdp.v1.ForkProof.$Properties instead.
             */

            /**
             * Shape of a ForkProof.
             * @typedef {gdp.v1.ForkProof.$Properties} gdp.v1.ForkProof.$Shape
             */

            /**
             * Constructs a new ForkProof.
             * @memberof gdp.v1
             * @classdesc Represents a ForkProof.
             * @constructor
             * @param {gdp.v1.ForkProof.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ForkProof = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ForkProof metadata.
             * @member {gdp.v1.SignedMetadata.$Properties|null|undefined} metadata
             * @memberof gdp.v1.ForkProof
             * @instance
             */
            ForkProof.prototype.metadata = null;

            /**
             * ForkProof first.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} first
             * @memberof gdp.v1.ForkProof
             * @instance
             */
            ForkProof.prototype.first = null;

            /**
             * ForkProof second.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} second
             * @memberof gdp.v1.ForkProof
             * @instance
             */
            ForkProof.prototype.second = null;

            /**
             * ForkProof divergence.
             * @member {gdp.v1.InclusionProof.$Properties|null|undefined} divergence
             * @memberof gdp.v1.ForkProof
             * @instance
             */
            ForkProof.prototype.divergence = null;

            /**
             * ForkProof divergentRecordHash.
             * @member {Uint8Array} divergentRecordHash
             * @memberof gdp.v1.ForkProof
             * @instance
             */
            ForkProof.prototype.divergentRecordHash = $util.newBuffer([]);

            /**
             * Creates a new ForkProof instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ForkProof
             * @static
             * @param {gdp.v1.ForkProof.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ForkProof} ForkProof instance
             * @type {{
             *   (properties: gdp.v1.ForkProof.$Shape): gdp.v1.ForkProof & gdp.v1.ForkProof.$Shape;
             *   (properties?: gdp.v1.ForkProof.$Properties): gdp.v1.ForkProof;
             * }}
             */
            ForkProof.create = function(properties) {
                return new ForkProof(properties);
            };

            /**
             * Encodes the specified ForkProof message. Does not implicitly {@link gdp.v1.ForkProof.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ForkProof
             * @static
             * @param {gdp.v1.ForkProof.$Properties} message ForkProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ForkProof.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.metadata != null && $Object.hasOwnProperty.call(message, "metadata"))
                    $root.gdp.v1.SignedMetadata.encode(message.metadata, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.first != null && $Object.hasOwnProperty.call(message, "first"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.first, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.second != null && $Object.hasOwnProperty.call(message, "second"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.second, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.divergence != null && $Object.hasOwnProperty.call(message, "divergence"))
                    $root.gdp.v1.InclusionProof.encode(message.divergence, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.divergentRecordHash != null && $Object.hasOwnProperty.call(message, "divergentRecordHash") && message.divergentRecordHash.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.divergentRecordHash);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ForkProof message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ForkProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ForkProof & gdp.v1.ForkProof.$Shape} ForkProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ForkProof.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.ForkProof();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.metadata = $root.gdp.v1.SignedMetadata.decode(reader, reader.size(), $undefined, _depth + 1, message.metadata);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.first = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.first);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.second = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.second);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.divergence = $root.gdp.v1.InclusionProof.decode(reader, reader.size(), $undefined, _depth + 1, message.divergence);
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.divergentRecordHash = value;
                            else
                                delete message.divergentRecordHash;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for ForkProof
             * @function getTypeUrl
             * @memberof gdp.v1.ForkProof
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ForkProof.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ForkProof";
            };

            return ForkProof;
        })();

        v1.AdCert = (function() {

            /**
             * Properties of an AdCert.
             * @typedef {Object} gdp.v1.AdCert.$Properties
             * @property {Uint8Array|null} [capsule] AdCert capsule
             * @property {Uint8Array|null} [server] AdCert server
             * @property {number|Long|null} [notBeforeUs] AdCert notBeforeUs
             * @property {number|Long|null} [notAfterUs] AdCert notAfterUs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdCert.
             * @memberof gdp.v1
             * @interface IAdCert
             * @augments gdp.v1.AdCert.$Properties
             * @deprecated Use gdp.v1.AdCert.$Properties instead.
             */

            /**
             * Shape of an AdCert.
             * @typedef {gdp.v1.AdCert.$Properties} gdp.v1.AdCert.$Shape
             */

            /**
             * Constructs a new AdCert.
             * @memberof gdp.v1
             * @classdesc Represents an AdCert.
             * @constructor
             * @param {gdp.v1.AdCert.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdCert = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdCert capsule.
             * @member {Uint8Array} capsule
             * @memberof gdp.v1.AdCert
             * @instance
             */
            AdCert.prototype.capsule = $util.newBuffer([]);

            /**
             * AdCert server.
             * @member {Uint8Array} server
             * @memberof gdp.v1.AdCert
             * @instance
             */
            AdCert.prototype.server = $util.newBuffer([]);

            /**
             * AdCert notBeforeUs.
             * @member {number|Long} notBeforeUs
             * @memberof gdp.v1.AdCert
             * @instance
             */
            AdCert.prototype.notBeforeUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AdCert notAfterUs.
             * @member {number|Long} notAfterUs
             * @memberof gdp.v1.AdCert
             * @instance
             */
            AdCert.prototype.notAfterUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new AdCert instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AdCert
             * @static
             * @param {gdp.v1.AdCert.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AdCert} AdCert instance
             * @type {{
             *   (properties: gdp.v1.AdCert.$Shape): gdp.v1.AdCert & gdp.v1.AdCert.$Shape;
             *   (properties?: gdp.v1.AdCert.$Properties): gdp.v1.AdCert;
             * }}
             */
            AdCert.create = function(properties) {
                return new AdCert(properties);
            };

            /**
             * Encodes the specified AdCert message. Does not implicitly {@link gdp.v1.AdCert.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AdCert
             * @static
             * @param {gdp.v1.AdCert.$Properties} message AdCert message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdCert.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.capsule != null && $Object.hasOwnProperty.call(message, "capsule") && message.capsule.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.capsule);
                if (message.server != null && $Object.hasOwnProperty.call(message, "server") && message.server.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.server);
                if (message.notBeforeUs != null && $Object.hasOwnProperty.call(message, "notBeforeUs") && (typeof message.notBeforeUs === "object" ? message.notBeforeUs.low || message.notBeforeUs.high : message.notBeforeUs !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.notBeforeUs);
                if (message.notAfterUs != null && $Object.hasOwnProperty.call(message, "notAfterUs") && (typeof message.notAfterUs === "object" ? message.notAfterUs.low || message.notAfterUs.high : message.notAfterUs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.notAfterUs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdCert message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AdCert
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AdCert & gdp.v1.AdCert.$Shape} AdCert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdCert.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.AdCert();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.capsule = value;
                            else
                                delete message.capsule;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.server = value;
                            else
                                delete message.server;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.notBeforeUs = value;
                            else
                                delete message.notBeforeUs;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.notAfterUs = value;
                            else
                                delete message.notAfterUs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for AdCert
             * @function getTypeUrl
             * @memberof gdp.v1.AdCert
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AdCert.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AdCert";
            };

            return AdCert;
        })();

        v1.SignedAdCert = (function() {

            /**
             * Properties of a SignedAdCert.
             * @typedef {Object} gdp.v1.SignedAdCert.$Properties
             * @property {gdp.v1.AdCert.$Properties|null} [cert] SignedAdCert cert
             * @property {Uint8Array|null} [ownerSignature] SignedAdCert ownerSignature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedAdCert.
             * @memberof gdp.v1
             * @interface ISignedAdCert
             * @augments gdp.v1.SignedAdCert.$Properties
             * @deprecated Use gdp.v1.SignedAdCert.$Properties instead.
             */

            /**
             * Shape of a SignedAdCert.
             * @typedef {gdp.v1.SignedAdCert.$Properties} gdp.v1.SignedAdCert.$Shape
             */

            /**
             * Constructs a new SignedAdCert.
             * @memberof gdp.v1
             * @classdesc Represents a SignedAdCert.
             * @constructor
             * @param {gdp.v1.SignedAdCert.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedAdCert = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedAdCert cert.
             * @member {gdp.v1.AdCert.$Properties|null|undefined} cert
             * @memberof gdp.v1.SignedAdCert
             * @instance
             */
            SignedAdCert.prototype.cert = null;

            /**
             * SignedAdCert ownerSignature.
             * @member {Uint8Array} ownerSignature
             * @memberof gdp.v1.SignedAdCert
             * @instance
             */
            SignedAdCert.prototype.ownerSignature = $util.newBuffer([]);

            /**
             * Creates a new SignedAdCert instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SignedAdCert
             * @static
             * @param {gdp.v1.SignedAdCert.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SignedAdCert} SignedAdCert instance
             * @type {{
             *   (properties: gdp.v1.SignedAdCert.$Shape): gdp.v1.SignedAdCert & gdp.v1.SignedAdCert.$Shape;
             *   (properties?: gdp.v1.SignedAdCert.$Properties): gdp.v1.SignedAdCert;
             * }}
             */
            SignedAdCert.create = function(properties) {
                return new SignedAdCert(properties);
            };

            /**
             * Encodes the specified SignedAdCert message. Does not implicitly {@link gdp.v1.SignedAdCert.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SignedAdCert
             * @static
             * @param {gdp.v1.SignedAdCert.$Properties} message SignedAdCert message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedAdCert.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.cert != null && $Object.hasOwnProperty.call(message, "cert"))
                    $root.gdp.v1.AdCert.encode(message.cert, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.ownerSignature != null && $Object.hasOwnProperty.call(message, "ownerSignature") && message.ownerSignature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.ownerSignature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedAdCert message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SignedAdCert
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SignedAdCert & gdp.v1.SignedAdCert.$Shape} SignedAdCert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedAdCert.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.SignedAdCert();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.cert = $root.gdp.v1.AdCert.decode(reader, reader.size(), $undefined, _depth + 1, message.cert);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.ownerSignature = value;
                            else
                                delete message.ownerSignature;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for SignedAdCert
             * @function getTypeUrl
             * @memberof gdp.v1.SignedAdCert
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedAdCert.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SignedAdCert";
            };

            return SignedAdCert;
        })();

        v1.DomainMembership = (function() {

            /**
             * Properties of a DomainMembership.
             * @typedef {Object} gdp.v1.DomainMembership.$Properties
             * @property {Uint8Array|null} [domain] DomainMembership domain
             * @property {gdp.v1.PublicKey.$Properties|null} [domainKey] DomainMembership domainKey
             * @property {Uint8Array|null} [router] DomainMembership router
             * @property {Uint8Array|null} [parent] DomainMembership parent
             * @property {number|Long|null} [notBeforeUs] DomainMembership notBeforeUs
             * @property {number|Long|null} [notAfterUs] DomainMembership notAfterUs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DomainMembership.
             * @memberof gdp.v1
             * @interface IDomainMembership
             * @augments gdp.v1.DomainMembership.$Properties
             * @deprecated Use gdp.v1.DomainMembership.$Properties instead.
             */

            /**
             * Shape of a DomainMembership.
             * @typedef {gdp.v1.DomainMembership.$Properties} gdp.v1.DomainMembership.$Shape
             */

            /**
             * Constructs a new DomainMembership.
             * @memberof gdp.v1
             * @classdesc Represents a DomainMembership.
             * @constructor
             * @param {gdp.v1.DomainMembership.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DomainMembership = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DomainMembership domain.
             * @member {Uint8Array} domain
             * @memberof gdp.v1.DomainMembership
             * @instance
             */
            DomainMembership.prototype.domain = $util.newBuffer([]);

            /**
             * DomainMembership domainKey.
             * @member {gdp.v1.PublicKey.$Properties|null|undefined} domainKey
             * @memberof gdp.v1.DomainMembership
             * @instance
             */
            DomainMembership.prototype.domainKey = null;

            /**
             * DomainMembership router.
             * @member {Uint8Array} router
             * @memberof gdp.v1.DomainMembership
             * @instance
             */
            DomainMembership.prototype.router = $util.newBuffer([]);

            /**
             * DomainMembership parent.
             * @member {Uint8Array} parent
             * @memberof gdp.v1.DomainMembership
             * @instance
             */
            DomainMembership.prototype.parent = $util.newBuffer([]);

            /**
             * DomainMembership notBeforeUs.
             * @member {number|Long} notBeforeUs
             * @memberof gdp.v1.DomainMembership
             * @instance
             */
            DomainMembership.prototype.notBeforeUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * DomainMembership notAfterUs.
             * @member {number|Long} notAfterUs
             * @memberof gdp.v1.DomainMembership
             * @instance
             */
            DomainMembership.prototype.notAfterUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new DomainMembership instance using the specified properties.
             * @function create
             * @memberof gdp.v1.DomainMembership
             * @static
             * @param {gdp.v1.DomainMembership.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.DomainMembership} DomainMembership instance
             * @type {{
             *   (properties: gdp.v1.DomainMembership.$Shape): gdp.v1.DomainMembership & gdp.v1.DomainMembership.$Shape;
             *   (properties?: gdp.v1.DomainMembership.$Properties): gdp.v1.DomainMembership;
             * }}
             */
            DomainMembership.create = function(properties) {
                return new DomainMembership(properties);
            };

            /**
             * Encodes the specified DomainMembership message. Does not implicitly {@link gdp.v1.DomainMembership.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.DomainMembership
             * @static
             * @param {gdp.v1.DomainMembership.$Properties} message DomainMembership message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DomainMembership.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.domain != null && $Object.hasOwnProperty.call(message, "domain") && message.domain.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.domain);
                if (message.domainKey != null && $Object.hasOwnProperty.call(message, "domainKey"))
                    $root.gdp.v1.PublicKey.encode(message.domainKey, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.router != null && $Object.hasOwnProperty.call(message, "router") && message.router.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.router);
                if (message.parent != null && $Object.hasOwnProperty.call(message, "parent") && message.parent.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.parent);
                if (message.notBeforeUs != null && $Object.hasOwnProperty.call(message, "notBeforeUs") && (typeof message.notBeforeUs === "object" ? message.notBeforeUs.low || message.notBeforeUs.high : message.notBeforeUs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.notBeforeUs);
                if (message.notAfterUs != null && $Object.hasOwnProperty.call(message, "notAfterUs") && (typeof message.notAfterUs === "object" ? message.notAfterUs.low || message.notAfterUs.high : message.notAfterUs !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.notAfterUs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a DomainMembership message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.DomainMembership
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.DomainMembership & gdp.v1.DomainMembership.$Shape} DomainMembership
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DomainMembership.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.DomainMembership();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.domain = value;
                            else
                                delete message.domain;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.domainKey = $root.gdp.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1, message.domainKey);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.router = value;
                            else
                                delete message.router;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.parent = value;
                            else
                                delete message.parent;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.notBeforeUs = value;
                            else
                                delete message.notBeforeUs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.notAfterUs = value;
                            else
                                delete message.notAfterUs;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for DomainMembership
             * @function getTypeUrl
             * @memberof gdp.v1.DomainMembership
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DomainMembership.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.DomainMembership";
            };

            return DomainMembership;
        })();

        v1.SignedDomainMembership = (function() {

            /**
             * Properties of a SignedDomainMembership.
             * @typedef {Object} gdp.v1.SignedDomainMembership.$Properties
             * @property {gdp.v1.DomainMembership.$Properties|null} [membership] SignedDomainMembership membership
             * @property {Uint8Array|null} [domainSignature] SignedDomainMembership domainSignature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedDomainMembership.
             * @memberof gdp.v1
             * @interface ISignedDomainMembership
             * @augments gdp.v1.SignedDomainMembership.$Properties
             * @deprecated Use gdp.v1.SignedDomainMembership.$Properties instead.
             */

            /**
             * Shape of a SignedDomainMembership.
             * @typedef {gdp.v1.SignedDomainMembership.$Properties} gdp.v1.SignedDomainMembership.$Shape
             */

            /**
             * Constructs a new SignedDomainMembership.
             * @memberof gdp.v1
             * @classdesc Represents a SignedDomainMembership.
             * @constructor
             * @param {gdp.v1.SignedDomainMembership.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedDomainMembership = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedDomainMembership membership.
             * @member {gdp.v1.DomainMembership.$Properties|null|undefined} membership
             * @memberof gdp.v1.SignedDomainMembership
             * @instance
             */
            SignedDomainMembership.prototype.membership = null;

            /**
             * SignedDomainMembership domainSignature.
             * @member {Uint8Array} domainSignature
             * @memberof gdp.v1.SignedDomainMembership
             * @instance
             */
            SignedDomainMembership.prototype.domainSignature = $util.newBuffer([]);

            /**
             * Creates a new SignedDomainMembership instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SignedDomainMembership
             * @static
             * @param {gdp.v1.SignedDomainMembership.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SignedDomainMembership} SignedDomainMembership instance
             * @type {{
             *   (properties: gdp.v1.SignedDomainMembership.$Shape): gdp.v1.SignedDomainMembership & gdp.v1.SignedDomainMembership.$Shape;
             *   (properties?: gdp.v1.SignedDomainMembership.$Properties): gdp.v1.SignedDomainMembership;
             * }}
             */
            SignedDomainMembership.create = function(properties) {
                return new SignedDomainMembership(properties);
            };

            /**
             * Encodes the specified SignedDomainMembership message. Does not implicitly {@link gdp.v1.SignedDomainMembership.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SignedDomainMembership
             * @static
             * @param {gdp.v1.SignedDomainMembership.$Properties} message SignedDomainMembership message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedDomainMembership.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.membership != null && $Object.hasOwnProperty.call(message, "membership"))
                    $root.gdp.v1.DomainMembership.encode(message.membership, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.domainSignature != null && $Object.hasOwnProperty.call(message, "domainSignature") && message.domainSignature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.domainSignature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedDomainMembership message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SignedDomainMembership
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SignedDomainMembership & gdp.v1.SignedDomainMembership.$Shape} SignedDomainMembership
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedDomainMembership.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.SignedDomainMembership();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.membership = $root.gdp.v1.DomainMembership.decode(reader, reader.size(), $undefined, _depth + 1, message.membership);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.domainSignature = value;
                            else
                                delete message.domainSignature;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for SignedDomainMembership
             * @function getTypeUrl
             * @memberof gdp.v1.SignedDomainMembership
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedDomainMembership.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SignedDomainMembership";
            };

            return SignedDomainMembership;
        })();

        v1.AdvertisedCapsule = (function() {

            /**
             * Properties of an AdvertisedCapsule.
             * @typedef {Object} gdp.v1.AdvertisedCapsule.$Properties
             * @property {gdp.v1.SignedMetadata.$Properties|null} [metadata] AdvertisedCapsule metadata
             * @property {gdp.v1.SignedAdCert.$Properties|null} [adcert] AdvertisedCapsule adcert
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdvertisedCapsule.
             * @memberof gdp.v1
             * @interface IAdvertisedCapsule
             * @augments gdp.v1.AdvertisedCapsule.$Properties
             * @deprecated Use gdp.v1.AdvertisedCapsule.$Properties instead.
             */

            /**
             * Shape of an AdvertisedCapsule.
             * @typedef {gdp.v1.AdvertisedCapsule.$Properties} gdp.v1.AdvertisedCapsule.$Shape
             */

            /**
             * Constructs a new AdvertisedCapsule.
             * @memberof gdp.v1
             * @classdesc Represents an AdvertisedCapsule.
             * @constructor
             * @param {gdp.v1.AdvertisedCapsule.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdvertisedCapsule = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdvertisedCapsule metadata.
             * @member {gdp.v1.SignedMetadata.$Properties|null|undefined} metadata
             * @memberof gdp.v1.AdvertisedCapsule
             * @instance
             */
            AdvertisedCapsule.prototype.metadata = null;

            /**
             * AdvertisedCapsule adcert.
             * @member {gdp.v1.SignedAdCert.$Properties|null|undefined} adcert
             * @memberof gdp.v1.AdvertisedCapsule
             * @instance
             */
            AdvertisedCapsule.prototype.adcert = null;

            /**
             * Creates a new AdvertisedCapsule instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AdvertisedCapsule
             * @static
             * @param {gdp.v1.AdvertisedCapsule.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AdvertisedCapsule} AdvertisedCapsule instance
             * @type {{
             *   (properties: gdp.v1.AdvertisedCapsule.$Shape): gdp.v1.AdvertisedCapsule & gdp.v1.AdvertisedCapsule.$Shape;
             *   (properties?: gdp.v1.AdvertisedCapsule.$Properties): gdp.v1.AdvertisedCapsule;
             * }}
             */
            AdvertisedCapsule.create = function(properties) {
                return new AdvertisedCapsule(properties);
            };

            /**
             * Encodes the specified AdvertisedCapsule message. Does not implicitly {@link gdp.v1.AdvertisedCapsule.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AdvertisedCapsule
             * @static
             * @param {gdp.v1.AdvertisedCapsule.$Properties} message AdvertisedCapsule message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdvertisedCapsule.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.metadata != null && $Object.hasOwnProperty.call(message, "metadata"))
                    $root.gdp.v1.SignedMetadata.encode(message.metadata, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.adcert != null && $Object.hasOwnProperty.call(message, "adcert"))
                    $root.gdp.v1.SignedAdCert.encode(message.adcert, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdvertisedCapsule message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AdvertisedCapsule
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisedCapsule & gdp.v1.AdvertisedCapsule.$Shape} AdvertisedCapsule
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdvertisedCapsule.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.AdvertisedCapsule();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.metadata = $root.gdp.v1.SignedMetadata.decode(reader, reader.size(), $undefined, _depth + 1, message.metadata);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.adcert = $root.gdp.v1.SignedAdCert.decode(reader, reader.size(), $undefined, _depth + 1, message.adcert);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for AdvertisedCapsule
             * @function getTypeUrl
             * @memberof gdp.v1.AdvertisedCapsule
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AdvertisedCapsule.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AdvertisedCapsule";
            };

            return AdvertisedCapsule;
        })();

        v1.Advertisement = (function() {

            /**
             * Properties of an Advertisement.
             * @typedef {Object} gdp.v1.Advertisement.$Properties
             * @property {gdp.v1.PublicKey.$Properties|null} [serverKey] Advertisement serverKey
             * @property {Uint8Array|null} [router] Advertisement router
             * @property {number|Long|null} [sequence] Advertisement sequence
             * @property {number|Long|null} [issuedAtUs] Advertisement issuedAtUs
             * @property {number|Long|null} [expiresAtUs] Advertisement expiresAtUs
             * @property {number|null} [cost] Advertisement cost
             * @property {boolean|null} [withdraw] Advertisement withdraw
             * @property {Array.<gdp.v1.AdvertisedCapsule.$Properties>|null} [capsules] Advertisement capsules
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an Advertisement.
             * @memberof gdp.v1
             * @interface IAdvertisement
             * @augments gdp.v1.Advertisement.$Properties
             * @deprecated Use gdp.v1.Advertisement.$Properties instead.
             */

            /**
             * Shape of an Advertisement.
             * @typedef {gdp.v1.Advertisement.$Properties} gdp.v1.Advertisement.$Shape
             */

            /**
             * Constructs a new Advertisement.
             * @memberof gdp.v1
             * @classdesc Represents an Advertisement.
             * @constructor
             * @param {gdp.v1.Advertisement.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Advertisement = function (properties) {
                this.capsules = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Advertisement serverKey.
             * @member {gdp.v1.PublicKey.$Properties|null|undefined} serverKey
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.serverKey = null;

            /**
             * Advertisement router.
             * @member {Uint8Array} router
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.router = $util.newBuffer([]);

            /**
             * Advertisement sequence.
             * @member {number|Long} sequence
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.sequence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Advertisement issuedAtUs.
             * @member {number|Long} issuedAtUs
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.issuedAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Advertisement expiresAtUs.
             * @member {number|Long} expiresAtUs
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.expiresAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Advertisement cost.
             * @member {number} cost
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.cost = 0;

            /**
             * Advertisement withdraw.
             * @member {boolean} withdraw
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.withdraw = false;

            /**
             * Advertisement capsules.
             * @member {Array.<gdp.v1.AdvertisedCapsule.$Properties>} capsules
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.capsules = $util.emptyArray;

            /**
             * Creates a new Advertisement instance using the specified properties.
             * @function create
             * @memberof gdp.v1.Advertisement
             * @static
             * @param {gdp.v1.Advertisement.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.Advertisement} Advertisement instance
             * @type {{
             *   (properties: gdp.v1.Advertisement.$Shape): gdp.v1.Advertisement & gdp.v1.Advertisement.$Shape;
             *   (properties?: gdp.v1.Advertisement.$Properties): gdp.v1.Advertisement;
             * }}
             */
            Advertisement.create = function(properties) {
                return new Advertisement(properties);
            };

            /**
             * Encodes the specified Advertisement message. Does not implicitly {@link gdp.v1.Advertisement.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.Advertisement
             * @static
             * @param {gdp.v1.Advertisement.$Properties} message Advertisement message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Advertisement.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.serverKey != null && $Object.hasOwnProperty.call(message, "serverKey"))
                    $root.gdp.v1.PublicKey.encode(message.serverKey, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.router != null && $Object.hasOwnProperty.call(message, "router") && message.router.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.router);
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence") && (typeof message.sequence === "object" ? message.sequence.low || message.sequence.high : message.sequence !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.sequence);
                if (message.issuedAtUs != null && $Object.hasOwnProperty.call(message, "issuedAtUs") && (typeof message.issuedAtUs === "object" ? message.issuedAtUs.low || message.issuedAtUs.high : message.issuedAtUs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.issuedAtUs);
                if (message.expiresAtUs != null && $Object.hasOwnProperty.call(message, "expiresAtUs") && (typeof message.expiresAtUs === "object" ? message.expiresAtUs.low || message.expiresAtUs.high : message.expiresAtUs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.expiresAtUs);
                if (message.cost != null && $Object.hasOwnProperty.call(message, "cost") && message.cost !== 0)
                    writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.cost);
                if (message.withdraw != null && $Object.hasOwnProperty.call(message, "withdraw") && message.withdraw !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.withdraw);
                if (message.capsules != null && message.capsules.length)
                    for (let i = 0; i < message.capsules.length; ++i)
                        $root.gdp.v1.AdvertisedCapsule.encode(message.capsules[i], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an Advertisement message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.Advertisement
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.Advertisement & gdp.v1.Advertisement.$Shape} Advertisement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Advertisement.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.Advertisement();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.serverKey = $root.gdp.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1, message.serverKey);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.router = value;
                            else
                                delete message.router;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.sequence = value;
                            else
                                delete message.sequence;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.issuedAtUs = value;
                            else
                                delete message.issuedAtUs;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.expiresAtUs = value;
                            else
                                delete message.expiresAtUs;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.cost = value;
                            else
                                delete message.cost;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.withdraw = value;
                            else
                                delete message.withdraw;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if (!(message.capsules && message.capsules.length))
                                message.capsules = [];
                            message.capsules.push($root.gdp.v1.AdvertisedCapsule.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for Advertisement
             * @function getTypeUrl
             * @memberof gdp.v1.Advertisement
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Advertisement.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.Advertisement";
            };

            return Advertisement;
        })();

        v1.SignedAdvertisement = (function() {

            /**
             * Properties of a SignedAdvertisement.
             * @typedef {Object} gdp.v1.SignedAdvertisement.$Properties
             * @property {gdp.v1.Advertisement.$Properties|null} [advertisement] SignedAdvertisement advertisement
             * @property {Uint8Array|null} [serverSignature] SignedAdvertisement serverSignature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedAdvertisement.
             * @memberof gdp.v1
             * @interface ISignedAdvertisement
             * @augments gdp.v1.SignedAdvertisement.$Properties
             * @deprecated Use gdp.v1.SignedAdvertisement.$Properties instead.
             */

            /**
             * Shape of a SignedAdvertisement.
             * @typedef {gdp.v1.SignedAdvertisement.$Properties} gdp.v1.SignedAdvertisement.$Shape
             */

            /**
             * Constructs a new SignedAdvertisement.
             * @memberof gdp.v1
             * @classdesc Represents a SignedAdvertisement.
             * @constructor
             * @param {gdp.v1.SignedAdvertisement.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedAdvertisement = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedAdvertisement advertisement.
             * @member {gdp.v1.Advertisement.$Properties|null|undefined} advertisement
             * @memberof gdp.v1.SignedAdvertisement
             * @instance
             */
            SignedAdvertisement.prototype.advertisement = null;

            /**
             * SignedAdvertisement serverSignature.
             * @member {Uint8Array} serverSignature
             * @memberof gdp.v1.SignedAdvertisement
             * @instance
             */
            SignedAdvertisement.prototype.serverSignature = $util.newBuffer([]);

            /**
             * Creates a new SignedAdvertisement instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SignedAdvertisement
             * @static
             * @param {gdp.v1.SignedAdvertisement.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SignedAdvertisement} SignedAdvertisement instance
             * @type {{
             *   (properties: gdp.v1.SignedAdvertisement.$Shape): gdp.v1.SignedAdvertisement & gdp.v1.SignedAdvertisement.$Shape;
             *   (properties?: gdp.v1.SignedAdvertisement.$Properties): gdp.v1.SignedAdvertisement;
             * }}
             */
            SignedAdvertisement.create = function(properties) {
                return new SignedAdvertisement(properties);
            };

            /**
             * Encodes the specified SignedAdvertisement message. Does not implicitly {@link gdp.v1.SignedAdvertisement.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SignedAdvertisement
             * @static
             * @param {gdp.v1.SignedAdvertisement.$Properties} message SignedAdvertisement message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedAdvertisement.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.advertisement != null && $Object.hasOwnProperty.call(message, "advertisement"))
                    $root.gdp.v1.Advertisement.encode(message.advertisement, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.serverSignature != null && $Object.hasOwnProperty.call(message, "serverSignature") && message.serverSignature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.serverSignature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedAdvertisement message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SignedAdvertisement
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SignedAdvertisement & gdp.v1.SignedAdvertisement.$Shape} SignedAdvertisement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedAdvertisement.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.SignedAdvertisement();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.advertisement = $root.gdp.v1.Advertisement.decode(reader, reader.size(), $undefined, _depth + 1, message.advertisement);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.serverSignature = value;
                            else
                                delete message.serverSignature;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for SignedAdvertisement
             * @function getTypeUrl
             * @memberof gdp.v1.SignedAdvertisement
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedAdvertisement.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SignedAdvertisement";
            };

            return SignedAdvertisement;
        })();

        v1.RecordChunk = (function() {

            /**
             * Properties of a RecordChunk.
             * @typedef {Object} gdp.v1.RecordChunk.$Properties
             * @property {number|Long|null} [firstSeq] RecordChunk firstSeq
             * @property {Array.<number>|null} [ends] RecordChunk ends
             * @property {Uint8Array|null} [body] RecordChunk body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RecordChunk.
             * @memberof gdp.v1
             * @interface IRecordChunk
             * @augments gdp.v1.RecordChunk.$Properties
             * @deprecated Use gdp.v1.RecordChunk.$Properties instead.
             */

            /**
             * Shape of a RecordChunk.
             * @typedef {gdp.v1.RecordChunk.$Properties} gdp.v1.RecordChunk.$Shape
             */

            /**
             * Constructs a new RecordChunk.
             * @memberof gdp.v1
             * @classdesc Represents a RecordChunk.
             * @constructor
             * @param {gdp.v1.RecordChunk.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RecordChunk = function (properties) {
                this.ends = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RecordChunk firstSeq.
             * @member {number|Long} firstSeq
             * @memberof gdp.v1.RecordChunk
             * @instance
             */
            RecordChunk.prototype.firstSeq = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RecordChunk ends.
             * @member {Array.<number>} ends
             * @memberof gdp.v1.RecordChunk
             * @instance
             */
            RecordChunk.prototype.ends = $util.emptyArray;

            /**
             * RecordChunk body.
             * @member {Uint8Array} body
             * @memberof gdp.v1.RecordChunk
             * @instance
             */
            RecordChunk.prototype.body = $util.newBuffer([]);

            /**
             * Creates a new RecordChunk instance using the specified properties.
             * @function create
             * @memberof gdp.v1.RecordChunk
             * @static
             * @param {gdp.v1.RecordChunk.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.RecordChunk} RecordChunk instance
             * @type {{
             *   (properties: gdp.v1.RecordChunk.$Shape): gdp.v1.RecordChunk & gdp.v1.RecordChunk.$Shape;
             *   (properties?: gdp.v1.RecordChunk.$Properties): gdp.v1.RecordChunk;
             * }}
             */
            RecordChunk.create = function(properties) {
                return new RecordChunk(properties);
            };

            /**
             * Encodes the specified RecordChunk message. Does not implicitly {@link gdp.v1.RecordChunk.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.RecordChunk
             * @static
             * @param {gdp.v1.RecordChunk.$Properties} message RecordChunk message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RecordChunk.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.firstSeq != null && $Object.hasOwnProperty.call(message, "firstSeq") && (typeof message.firstSeq === "object" ? message.firstSeq.low || message.firstSeq.high : message.firstSeq !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.firstSeq);
                if (message.ends != null && message.ends.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).uint32s(message.ends);
                if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.body);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RecordChunk message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.RecordChunk
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.RecordChunk & gdp.v1.RecordChunk.$Shape} RecordChunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RecordChunk.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.RecordChunk();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.firstSeq = value;
                            else
                                delete message.firstSeq;
                            continue;
                        }
                    case 2: {
                            if (wireType === 2) {
                                if (!(message.ends && message.ends.length))
                                    message.ends = [];
                                reader.uint32s(message.ends);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.ends && message.ends.length))
                                message.ends = [];
                            message.ends.push(reader.uint32());
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.body = value;
                            else
                                delete message.body;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for RecordChunk
             * @function getTypeUrl
             * @memberof gdp.v1.RecordChunk
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            RecordChunk.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.RecordChunk";
            };

            return RecordChunk;
        })();

        v1.MerkleTile = (function() {

            /**
             * Properties of a MerkleTile.
             * @typedef {Object} gdp.v1.MerkleTile.$Properties
             * @property {number|null} [width] MerkleTile width
             * @property {Uint8Array|null} [hashes] MerkleTile hashes
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MerkleTile.
             * @memberof gdp.v1
             * @interface IMerkleTile
             * @augments gdp.v1.MerkleTile.$Properties
             * @deprecated Use gdp.v1.MerkleTile.$Properties instead.
             */

            /**
             * Shape of a MerkleTile.
             * @typedef {gdp.v1.MerkleTile.$Properties} gdp.v1.MerkleTile.$Shape
             */

            /**
             * Constructs a new MerkleTile.
             * @memberof gdp.v1
             * @classdesc Represents a MerkleTile.
             * @constructor
             * @param {gdp.v1.MerkleTile.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MerkleTile = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MerkleTile width.
             * @member {number} width
             * @memberof gdp.v1.MerkleTile
             * @instance
             */
            MerkleTile.prototype.width = 0;

            /**
             * MerkleTile hashes.
             * @member {Uint8Array} hashes
             * @memberof gdp.v1.MerkleTile
             * @instance
             */
            MerkleTile.prototype.hashes = $util.newBuffer([]);

            /**
             * Creates a new MerkleTile instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MerkleTile
             * @static
             * @param {gdp.v1.MerkleTile.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MerkleTile} MerkleTile instance
             * @type {{
             *   (properties: gdp.v1.MerkleTile.$Shape): gdp.v1.MerkleTile & gdp.v1.MerkleTile.$Shape;
             *   (properties?: gdp.v1.MerkleTile.$Properties): gdp.v1.MerkleTile;
             * }}
             */
            MerkleTile.create = function(properties) {
                return new MerkleTile(properties);
            };

            /**
             * Encodes the specified MerkleTile message. Does not implicitly {@link gdp.v1.MerkleTile.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MerkleTile
             * @static
             * @param {gdp.v1.MerkleTile.$Properties} message MerkleTile message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MerkleTile.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.width != null && $Object.hasOwnProperty.call(message, "width") && message.width !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.width);
                if (message.hashes != null && $Object.hasOwnProperty.call(message, "hashes") && message.hashes.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.hashes);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MerkleTile message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MerkleTile
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MerkleTile & gdp.v1.MerkleTile.$Shape} MerkleTile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MerkleTile.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.MerkleTile();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.width = value;
                            else
                                delete message.width;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.hashes = value;
                            else
                                delete message.hashes;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for MerkleTile
             * @function getTypeUrl
             * @memberof gdp.v1.MerkleTile
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MerkleTile.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MerkleTile";
            };

            return MerkleTile;
        })();

        v1.ExportFrame = (function() {

            /**
             * Properties of an ExportFrame.
             * @typedef {Object} gdp.v1.ExportFrame.$Properties
             * @property {gdp.v1.ExportHeader.$Properties|null} [header] ExportFrame header
             * @property {gdp.v1.Record.$Properties|null} [record] ExportFrame record
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [heartbeat] ExportFrame heartbeat
             * @property {gdp.v1.ExportTrailer.$Properties|null} [trailer] ExportFrame trailer
             * @property {"header"|"record"|"heartbeat"|"trailer"} [frame] ExportFrame frame
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ExportFrame.
             * @memberof gdp.v1
             * @interface IExportFrame
             * @augments gdp.v1.ExportFrame.$Properties
             * @deprecated Use gdp.v1.ExportFrame.$Properties instead.
             */

            /**
             * Narrowed shape of an ExportFrame.
             * @typedef {{
             *   header?: gdp.v1.ExportHeader.$Shape|null;
             *   record?: gdp.v1.Record.$Shape|null;
             *   heartbeat?: gdp.v1.SignedHeartbeat.$Shape|null;
             *   trailer?: gdp.v1.ExportTrailer.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ frame?: undefined; header?: null; record?: null; heartbeat?: null; trailer?: null }|{ frame?: "header"; header: gdp.v1.ExportHeader.$Shape; record?: null; heartbeat?: null; trailer?: null }|{ frame?: "record"; header?: null; record: gdp.v1.Record.$Shape; heartbeat?: null; trailer?: null }|{ frame?: "heartbeat"; header?: null; record?: null; heartbeat: gdp.v1.SignedHeartbeat.$Shape; trailer?: null }|{ frame?: "trailer"; header?: null; record?: null; heartbeat?: null; trailer: gdp.v1.ExportTrailer.$Shape })
             * )} gdp.v1.ExportFrame.$Shape
             */

            /**
             * Constructs a new ExportFrame.
             * @memberof gdp.v1
             * @classdesc Represents an ExportFrame.
             * @constructor
             * @param {gdp.v1.ExportFrame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ExportFrame = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ExportFrame header.
             * @member {gdp.v1.ExportHeader.$Properties|null|undefined} header
             * @memberof gdp.v1.ExportFrame
             * @instance
             */
            ExportFrame.prototype.header = null;

            /**
             * ExportFrame record.
             * @member {gdp.v1.Record.$Properties|null|undefined} record
             * @memberof gdp.v1.ExportFrame
             * @instance
             */
            ExportFrame.prototype.record = null;

            /**
             * ExportFrame heartbeat.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} heartbeat
             * @memberof gdp.v1.ExportFrame
             * @instance
             */
            ExportFrame.prototype.heartbeat = null;

            /**
             * ExportFrame trailer.
             * @member {gdp.v1.ExportTrailer.$Properties|null|undefined} trailer
             * @memberof gdp.v1.ExportFrame
             * @instance
             */
            ExportFrame.prototype.trailer = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * ExportFrame frame.
             * @member {"header"|"record"|"heartbeat"|"trailer"|undefined} frame
             * @memberof gdp.v1.ExportFrame
             * @instance
             */
            $Object.defineProperty(ExportFrame.prototype, "frame", {
                get: $util.oneOfGetter($oneOfFields = ["header", "record", "heartbeat", "trailer"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new ExportFrame instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ExportFrame
             * @static
             * @param {gdp.v1.ExportFrame.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ExportFrame} ExportFrame instance
             * @type {{
             *   (properties: gdp.v1.ExportFrame.$Shape): gdp.v1.ExportFrame & gdp.v1.ExportFrame.$Shape;
             *   (properties?: gdp.v1.ExportFrame.$Properties): gdp.v1.ExportFrame;
             * }}
             */
            ExportFrame.create = function(properties) {
                return new ExportFrame(properties);
            };

            /**
             * Encodes the specified ExportFrame message. Does not implicitly {@link gdp.v1.ExportFrame.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ExportFrame
             * @static
             * @param {gdp.v1.ExportFrame.$Properties} message ExportFrame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ExportFrame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.header != null && $Object.hasOwnProperty.call(message, "header"))
                    $root.gdp.v1.ExportHeader.encode(message.header, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.record != null && $Object.hasOwnProperty.call(message, "record"))
                    $root.gdp.v1.Record.encode(message.record, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.heartbeat, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.trailer != null && $Object.hasOwnProperty.call(message, "trailer"))
                    $root.gdp.v1.ExportTrailer.encode(message.trailer, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ExportFrame message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ExportFrame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ExportFrame & gdp.v1.ExportFrame.$Shape} ExportFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ExportFrame.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.ExportFrame();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 2)
                                break;
                            message.header = $root.gdp.v1.ExportHeader.decode(reader, reader.size(), $undefined, _depth + 1, message.header);
                            message.frame = "header";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.record = $root.gdp.v1.Record.decode(reader, reader.size(), $undefined, _depth + 1, message.record);
                            message.frame = "record";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            message.frame = "heartbeat";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.trailer = $root.gdp.v1.ExportTrailer.decode(reader, reader.size(), $undefined, _depth + 1, message.trailer);
                            message.frame = "trailer";
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for ExportFrame
             * @function getTypeUrl
             * @memberof gdp.v1.ExportFrame
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ExportFrame.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ExportFrame";
            };

            return ExportFrame;
        })();

        v1.ExportHeader = (function() {

            /**
             * Properties of an ExportHeader.
             * @typedef {Object} gdp.v1.ExportHeader.$Properties
             * @property {number|null} [version] ExportHeader version
             * @property {gdp.v1.SignedMetadata.$Properties|null} [metadata] ExportHeader metadata
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ExportHeader.
             * @memberof gdp.v1
             * @interface IExportHeader
             * @augments gdp.v1.ExportHeader.$Properties
             * @deprecated Use gdp.v1.ExportHeader.$Properties instead.
             */

            /**
             * Shape of an ExportHeader.
             * @typedef {gdp.v1.ExportHeader.$Properties} gdp.v1.ExportHeader.$Shape
             */

            /**
             * Constructs a new ExportHeader.
             * @memberof gdp.v1
             * @classdesc Represents an ExportHeader.
             * @constructor
             * @param {gdp.v1.ExportHeader.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ExportHeader = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ExportHeader version.
             * @member {number} version
             * @memberof gdp.v1.ExportHeader
             * @instance
             */
            ExportHeader.prototype.version = 0;

            /**
             * ExportHeader metadata.
             * @member {gdp.v1.SignedMetadata.$Properties|null|undefined} metadata
             * @memberof gdp.v1.ExportHeader
             * @instance
             */
            ExportHeader.prototype.metadata = null;

            /**
             * Creates a new ExportHeader instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ExportHeader
             * @static
             * @param {gdp.v1.ExportHeader.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ExportHeader} ExportHeader instance
             * @type {{
             *   (properties: gdp.v1.ExportHeader.$Shape): gdp.v1.ExportHeader & gdp.v1.ExportHeader.$Shape;
             *   (properties?: gdp.v1.ExportHeader.$Properties): gdp.v1.ExportHeader;
             * }}
             */
            ExportHeader.create = function(properties) {
                return new ExportHeader(properties);
            };

            /**
             * Encodes the specified ExportHeader message. Does not implicitly {@link gdp.v1.ExportHeader.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ExportHeader
             * @static
             * @param {gdp.v1.ExportHeader.$Properties} message ExportHeader message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ExportHeader.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.metadata != null && $Object.hasOwnProperty.call(message, "metadata"))
                    $root.gdp.v1.SignedMetadata.encode(message.metadata, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ExportHeader message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ExportHeader
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ExportHeader & gdp.v1.ExportHeader.$Shape} ExportHeader
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ExportHeader.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.ExportHeader();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.metadata = $root.gdp.v1.SignedMetadata.decode(reader, reader.size(), $undefined, _depth + 1, message.metadata);
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for ExportHeader
             * @function getTypeUrl
             * @memberof gdp.v1.ExportHeader
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ExportHeader.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ExportHeader";
            };

            return ExportHeader;
        })();

        v1.ExportTrailer = (function() {

            /**
             * Properties of an ExportTrailer.
             * @typedef {Object} gdp.v1.ExportTrailer.$Properties
             * @property {number|Long|null} [records] ExportTrailer records
             * @property {number|Long|null} [heartbeats] ExportTrailer heartbeats
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an ExportTrailer.
             * @memberof gdp.v1
             * @interface IExportTrailer
             * @augments gdp.v1.ExportTrailer.$Properties
             * @deprecated Use gdp.v1.ExportTrailer.$Properties instead.
             */

            /**
             * Shape of an ExportTrailer.
             * @typedef {gdp.v1.ExportTrailer.$Properties} gdp.v1.ExportTrailer.$Shape
             */

            /**
             * Constructs a new ExportTrailer.
             * @memberof gdp.v1
             * @classdesc Represents an ExportTrailer.
             * @constructor
             * @param {gdp.v1.ExportTrailer.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ExportTrailer = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ExportTrailer records.
             * @member {number|Long} records
             * @memberof gdp.v1.ExportTrailer
             * @instance
             */
            ExportTrailer.prototype.records = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * ExportTrailer heartbeats.
             * @member {number|Long} heartbeats
             * @memberof gdp.v1.ExportTrailer
             * @instance
             */
            ExportTrailer.prototype.heartbeats = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new ExportTrailer instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ExportTrailer
             * @static
             * @param {gdp.v1.ExportTrailer.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ExportTrailer} ExportTrailer instance
             * @type {{
             *   (properties: gdp.v1.ExportTrailer.$Shape): gdp.v1.ExportTrailer & gdp.v1.ExportTrailer.$Shape;
             *   (properties?: gdp.v1.ExportTrailer.$Properties): gdp.v1.ExportTrailer;
             * }}
             */
            ExportTrailer.create = function(properties) {
                return new ExportTrailer(properties);
            };

            /**
             * Encodes the specified ExportTrailer message. Does not implicitly {@link gdp.v1.ExportTrailer.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ExportTrailer
             * @static
             * @param {gdp.v1.ExportTrailer.$Properties} message ExportTrailer message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ExportTrailer.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.records != null && $Object.hasOwnProperty.call(message, "records") && (typeof message.records === "object" ? message.records.low || message.records.high : message.records !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.records);
                if (message.heartbeats != null && $Object.hasOwnProperty.call(message, "heartbeats") && (typeof message.heartbeats === "object" ? message.heartbeats.low || message.heartbeats.high : message.heartbeats !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.heartbeats);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an ExportTrailer message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ExportTrailer
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ExportTrailer & gdp.v1.ExportTrailer.$Shape} ExportTrailer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ExportTrailer.decode = function (reader, length, _end, _depth, _target) {
                if (!(reader instanceof $Reader))
                    reader = $Reader.create(reader);
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $Reader.recursionLimit)
                    throw $Error("max depth exceeded");
                let end, message, value;
                if (length === $undefined)
                    end = reader.len;
                else {
                    end = reader.pos + length;
                    if (end > reader.len)
                        throw $RangeError("index out of range");
                    length = reader.len;
                    reader.len = end;
                }
                message = _target || new $root.gdp.v1.ExportTrailer();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    let wireType = tag & 7;
                    switch (tag >>>= 3) {
                    case 1: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.records = value;
                            else
                                delete message.records;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.heartbeats = value;
                            else
                                delete message.heartbeats;
                            continue;
                        }
                    }
                    reader.skipType(wireType, _depth, tag);
                    if (!reader.discardUnknown) {
                        $util.makeProp(message, "$unknowns", false);
                        (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                    }
                }
                if (length !== $undefined) {
                    if (reader.pos !== end)
                        throw $RangeError("index out of range");
                    reader.len = length;
                }
                if (_end !== $undefined)
                    throw $Error("missing end group");
                return message;
            };

            /**
             * Gets the type url for ExportTrailer
             * @function getTypeUrl
             * @memberof gdp.v1.ExportTrailer
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ExportTrailer.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ExportTrailer";
            };

            return ExportTrailer;
        })();

        return v1;
    })();

    return gdp;
})();

export {
  $root as default
};
