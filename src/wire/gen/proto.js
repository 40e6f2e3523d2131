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
             * @property {boolean|null} [alwaysWrite] ReplicationPolicy alwaysWrite
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
             * ReplicationPolicy alwaysWrite.
             * @member {boolean} alwaysWrite
             * @memberof gdp.v1.ReplicationPolicy
             * @instance
             */
            ReplicationPolicy.prototype.alwaysWrite = false;

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
                if (message.alwaysWrite != null && $Object.hasOwnProperty.call(message, "alwaysWrite") && message.alwaysWrite !== false)
                    writer.uint32(/* id 3, wireType 0 =*/24).bool(message.alwaysWrite);
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
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.alwaysWrite = value;
                            else
                                delete message.alwaysWrite;
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

        v1.CapsuleDeletion = (function() {

            /**
             * Properties of a CapsuleDeletion.
             * @typedef {Object} gdp.v1.CapsuleDeletion.$Properties
             * @property {Uint8Array|null} [capsule] CapsuleDeletion capsule
             * @property {number|Long|null} [deletedAtUs] CapsuleDeletion deletedAtUs
             * @property {Uint8Array|null} [server] CapsuleDeletion server
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CapsuleDeletion.
             * @memberof gdp.v1
             * @interface ICapsuleDeletion
             * @augments gdp.v1.CapsuleDeletion.$Properties
             * @deprecated Use gdp.v1.CapsuleDeletion.$Properties instead.
             */

            /**
             * Shape of a CapsuleDeletion.
             * @typedef {gdp.v1.CapsuleDeletion.$Properties} gdp.v1.CapsuleDeletion.$Shape
             */

            /**
             * Constructs a new CapsuleDeletion.
             * @memberof gdp.v1
             * @classdesc Represents a CapsuleDeletion.
             * @constructor
             * @param {gdp.v1.CapsuleDeletion.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CapsuleDeletion = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CapsuleDeletion capsule.
             * @member {Uint8Array} capsule
             * @memberof gdp.v1.CapsuleDeletion
             * @instance
             */
            CapsuleDeletion.prototype.capsule = $util.newBuffer([]);

            /**
             * CapsuleDeletion deletedAtUs.
             * @member {number|Long} deletedAtUs
             * @memberof gdp.v1.CapsuleDeletion
             * @instance
             */
            CapsuleDeletion.prototype.deletedAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * CapsuleDeletion server.
             * @member {Uint8Array} server
             * @memberof gdp.v1.CapsuleDeletion
             * @instance
             */
            CapsuleDeletion.prototype.server = $util.newBuffer([]);

            /**
             * Creates a new CapsuleDeletion instance using the specified properties.
             * @function create
             * @memberof gdp.v1.CapsuleDeletion
             * @static
             * @param {gdp.v1.CapsuleDeletion.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.CapsuleDeletion} CapsuleDeletion instance
             * @type {{
             *   (properties: gdp.v1.CapsuleDeletion.$Shape): gdp.v1.CapsuleDeletion & gdp.v1.CapsuleDeletion.$Shape;
             *   (properties?: gdp.v1.CapsuleDeletion.$Properties): gdp.v1.CapsuleDeletion;
             * }}
             */
            CapsuleDeletion.create = function(properties) {
                return new CapsuleDeletion(properties);
            };

            /**
             * Encodes the specified CapsuleDeletion message. Does not implicitly {@link gdp.v1.CapsuleDeletion.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.CapsuleDeletion
             * @static
             * @param {gdp.v1.CapsuleDeletion.$Properties} message CapsuleDeletion message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CapsuleDeletion.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.capsule != null && $Object.hasOwnProperty.call(message, "capsule") && message.capsule.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.capsule);
                if (message.deletedAtUs != null && $Object.hasOwnProperty.call(message, "deletedAtUs") && (typeof message.deletedAtUs === "object" ? message.deletedAtUs.low || message.deletedAtUs.high : message.deletedAtUs !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.deletedAtUs);
                if (message.server != null && $Object.hasOwnProperty.call(message, "server") && message.server.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.server);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CapsuleDeletion message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.CapsuleDeletion
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.CapsuleDeletion & gdp.v1.CapsuleDeletion.$Shape} CapsuleDeletion
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CapsuleDeletion.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.CapsuleDeletion();
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
                                message.deletedAtUs = value;
                            else
                                delete message.deletedAtUs;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.server = value;
                            else
                                delete message.server;
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
             * Gets the type url for CapsuleDeletion
             * @function getTypeUrl
             * @memberof gdp.v1.CapsuleDeletion
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CapsuleDeletion.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.CapsuleDeletion";
            };

            return CapsuleDeletion;
        })();

        v1.SignedCapsuleDeletion = (function() {

            /**
             * Properties of a SignedCapsuleDeletion.
             * @typedef {Object} gdp.v1.SignedCapsuleDeletion.$Properties
             * @property {gdp.v1.CapsuleDeletion.$Properties|null} [deletion] SignedCapsuleDeletion deletion
             * @property {Uint8Array|null} [ownerSignature] SignedCapsuleDeletion ownerSignature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedCapsuleDeletion.
             * @memberof gdp.v1
             * @interface ISignedCapsuleDeletion
             * @augments gdp.v1.SignedCapsuleDeletion.$Properties
             * @deprecated Use gdp.v1.SignedCapsuleDeletion.$Properties instead.
             */

            /**
             * Shape of a SignedCapsuleDeletion.
             * @typedef {gdp.v1.SignedCapsuleDeletion.$Properties} gdp.v1.SignedCapsuleDeletion.$Shape
             */

            /**
             * Constructs a new SignedCapsuleDeletion.
             * @memberof gdp.v1
             * @classdesc Represents a SignedCapsuleDeletion.
             * @constructor
             * @param {gdp.v1.SignedCapsuleDeletion.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedCapsuleDeletion = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedCapsuleDeletion deletion.
             * @member {gdp.v1.CapsuleDeletion.$Properties|null|undefined} deletion
             * @memberof gdp.v1.SignedCapsuleDeletion
             * @instance
             */
            SignedCapsuleDeletion.prototype.deletion = null;

            /**
             * SignedCapsuleDeletion ownerSignature.
             * @member {Uint8Array} ownerSignature
             * @memberof gdp.v1.SignedCapsuleDeletion
             * @instance
             */
            SignedCapsuleDeletion.prototype.ownerSignature = $util.newBuffer([]);

            /**
             * Creates a new SignedCapsuleDeletion instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SignedCapsuleDeletion
             * @static
             * @param {gdp.v1.SignedCapsuleDeletion.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SignedCapsuleDeletion} SignedCapsuleDeletion instance
             * @type {{
             *   (properties: gdp.v1.SignedCapsuleDeletion.$Shape): gdp.v1.SignedCapsuleDeletion & gdp.v1.SignedCapsuleDeletion.$Shape;
             *   (properties?: gdp.v1.SignedCapsuleDeletion.$Properties): gdp.v1.SignedCapsuleDeletion;
             * }}
             */
            SignedCapsuleDeletion.create = function(properties) {
                return new SignedCapsuleDeletion(properties);
            };

            /**
             * Encodes the specified SignedCapsuleDeletion message. Does not implicitly {@link gdp.v1.SignedCapsuleDeletion.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SignedCapsuleDeletion
             * @static
             * @param {gdp.v1.SignedCapsuleDeletion.$Properties} message SignedCapsuleDeletion message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedCapsuleDeletion.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.deletion != null && $Object.hasOwnProperty.call(message, "deletion"))
                    $root.gdp.v1.CapsuleDeletion.encode(message.deletion, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.ownerSignature != null && $Object.hasOwnProperty.call(message, "ownerSignature") && message.ownerSignature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.ownerSignature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedCapsuleDeletion message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SignedCapsuleDeletion
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SignedCapsuleDeletion & gdp.v1.SignedCapsuleDeletion.$Shape} SignedCapsuleDeletion
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedCapsuleDeletion.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.SignedCapsuleDeletion();
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
                            message.deletion = $root.gdp.v1.CapsuleDeletion.decode(reader, reader.size(), $undefined, _depth + 1, message.deletion);
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
             * Gets the type url for SignedCapsuleDeletion
             * @function getTypeUrl
             * @memberof gdp.v1.SignedCapsuleDeletion
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedCapsuleDeletion.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SignedCapsuleDeletion";
            };

            return SignedCapsuleDeletion;
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

        v1.FsEntry = (function() {

            /**
             * Properties of a FsEntry.
             * @typedef {Object} gdp.v1.FsEntry.$Properties
             * @property {gdp.v1.FsFile.$Properties|null} [file] FsEntry file
             * @property {gdp.v1.FsFolder.$Properties|null} [folder] FsEntry folder
             * @property {"file"|"folder"} [entry] FsEntry entry
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FsEntry.
             * @memberof gdp.v1
             * @interface IFsEntry
             * @augments gdp.v1.FsEntry.$Properties
             * @deprecated Use gdp.v1.FsEntry.$Properties instead.
             */

            /**
             * Narrowed shape of a FsEntry.
             * @typedef {{
             *   file?: gdp.v1.FsFile.$Shape|null;
             *   folder?: gdp.v1.FsFolder.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ entry?: undefined; file?: null; folder?: null }|{ entry?: "file"; file: gdp.v1.FsFile.$Shape; folder?: null }|{ entry?: "folder"; file?: null; folder: gdp.v1.FsFolder.$Shape })
             * )} gdp.v1.FsEntry.$Shape
             */

            /**
             * Constructs a new FsEntry.
             * @memberof gdp.v1
             * @classdesc Represents a FsEntry.
             * @constructor
             * @param {gdp.v1.FsEntry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FsEntry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FsEntry file.
             * @member {gdp.v1.FsFile.$Properties|null|undefined} file
             * @memberof gdp.v1.FsEntry
             * @instance
             */
            FsEntry.prototype.file = null;

            /**
             * FsEntry folder.
             * @member {gdp.v1.FsFolder.$Properties|null|undefined} folder
             * @memberof gdp.v1.FsEntry
             * @instance
             */
            FsEntry.prototype.folder = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * FsEntry entry.
             * @member {"file"|"folder"|undefined} entry
             * @memberof gdp.v1.FsEntry
             * @instance
             */
            $Object.defineProperty(FsEntry.prototype, "entry", {
                get: $util.oneOfGetter($oneOfFields = ["file", "folder"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new FsEntry instance using the specified properties.
             * @function create
             * @memberof gdp.v1.FsEntry
             * @static
             * @param {gdp.v1.FsEntry.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.FsEntry} FsEntry instance
             * @type {{
             *   (properties: gdp.v1.FsEntry.$Shape): gdp.v1.FsEntry & gdp.v1.FsEntry.$Shape;
             *   (properties?: gdp.v1.FsEntry.$Properties): gdp.v1.FsEntry;
             * }}
             */
            FsEntry.create = function(properties) {
                return new FsEntry(properties);
            };

            /**
             * Encodes the specified FsEntry message. Does not implicitly {@link gdp.v1.FsEntry.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.FsEntry
             * @static
             * @param {gdp.v1.FsEntry.$Properties} message FsEntry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FsEntry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.file != null && $Object.hasOwnProperty.call(message, "file"))
                    $root.gdp.v1.FsFile.encode(message.file, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.folder != null && $Object.hasOwnProperty.call(message, "folder"))
                    $root.gdp.v1.FsFolder.encode(message.folder, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FsEntry message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.FsEntry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.FsEntry & gdp.v1.FsEntry.$Shape} FsEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FsEntry.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.FsEntry();
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
                            message.file = $root.gdp.v1.FsFile.decode(reader, reader.size(), $undefined, _depth + 1, message.file);
                            message.entry = "file";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.folder = $root.gdp.v1.FsFolder.decode(reader, reader.size(), $undefined, _depth + 1, message.folder);
                            message.entry = "folder";
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
             * Gets the type url for FsEntry
             * @function getTypeUrl
             * @memberof gdp.v1.FsEntry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            FsEntry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.FsEntry";
            };

            return FsEntry;
        })();

        v1.FsFolder = (function() {

            /**
             * Properties of a FsFolder.
             * @typedef {Object} gdp.v1.FsFolder.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FsFolder.
             * @memberof gdp.v1
             * @interface IFsFolder
             * @augments gdp.v1.FsFolder.$Properties
             * @deprecated Use gdp.v1.FsFolder.$Properties instead.
             */

            /**
             * Shape of a FsFolder.
             * @typedef {gdp.v1.FsFolder.$Properties} gdp.v1.FsFolder.$Shape
             */

            /**
             * Constructs a new FsFolder.
             * @memberof gdp.v1
             * @classdesc Represents a FsFolder.
             * @constructor
             * @param {gdp.v1.FsFolder.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FsFolder = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new FsFolder instance using the specified properties.
             * @function create
             * @memberof gdp.v1.FsFolder
             * @static
             * @param {gdp.v1.FsFolder.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.FsFolder} FsFolder instance
             * @type {{
             *   (properties: gdp.v1.FsFolder.$Shape): gdp.v1.FsFolder & gdp.v1.FsFolder.$Shape;
             *   (properties?: gdp.v1.FsFolder.$Properties): gdp.v1.FsFolder;
             * }}
             */
            FsFolder.create = function(properties) {
                return new FsFolder(properties);
            };

            /**
             * Encodes the specified FsFolder message. Does not implicitly {@link gdp.v1.FsFolder.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.FsFolder
             * @static
             * @param {gdp.v1.FsFolder.$Properties} message FsFolder message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FsFolder.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FsFolder message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.FsFolder
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.FsFolder & gdp.v1.FsFolder.$Shape} FsFolder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FsFolder.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.FsFolder();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
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
             * Gets the type url for FsFolder
             * @function getTypeUrl
             * @memberof gdp.v1.FsFolder
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            FsFolder.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.FsFolder";
            };

            return FsFolder;
        })();

        v1.FsFile = (function() {

            /**
             * Properties of a FsFile.
             * @typedef {Object} gdp.v1.FsFile.$Properties
             * @property {number|Long|null} [size] FsFile size
             * @property {Uint8Array|null} [contentHash] FsFile contentHash
             * @property {number|null} [height] FsFile height
             * @property {Array.<gdp.v1.FsBlobRef.$Properties>|null} [refs] FsFile refs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FsFile.
             * @memberof gdp.v1
             * @interface IFsFile
             * @augments gdp.v1.FsFile.$Properties
             * @deprecated Use gdp.v1.FsFile.$Properties instead.
             */

            /**
             * Shape of a FsFile.
             * @typedef {gdp.v1.FsFile.$Properties} gdp.v1.FsFile.$Shape
             */

            /**
             * Constructs a new FsFile.
             * @memberof gdp.v1
             * @classdesc Represents a FsFile.
             * @constructor
             * @param {gdp.v1.FsFile.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FsFile = function (properties) {
                this.refs = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FsFile size.
             * @member {number|Long} size
             * @memberof gdp.v1.FsFile
             * @instance
             */
            FsFile.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * FsFile contentHash.
             * @member {Uint8Array} contentHash
             * @memberof gdp.v1.FsFile
             * @instance
             */
            FsFile.prototype.contentHash = $util.newBuffer([]);

            /**
             * FsFile height.
             * @member {number} height
             * @memberof gdp.v1.FsFile
             * @instance
             */
            FsFile.prototype.height = 0;

            /**
             * FsFile refs.
             * @member {Array.<gdp.v1.FsBlobRef.$Properties>} refs
             * @memberof gdp.v1.FsFile
             * @instance
             */
            FsFile.prototype.refs = $util.emptyArray;

            /**
             * Creates a new FsFile instance using the specified properties.
             * @function create
             * @memberof gdp.v1.FsFile
             * @static
             * @param {gdp.v1.FsFile.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.FsFile} FsFile instance
             * @type {{
             *   (properties: gdp.v1.FsFile.$Shape): gdp.v1.FsFile & gdp.v1.FsFile.$Shape;
             *   (properties?: gdp.v1.FsFile.$Properties): gdp.v1.FsFile;
             * }}
             */
            FsFile.create = function(properties) {
                return new FsFile(properties);
            };

            /**
             * Encodes the specified FsFile message. Does not implicitly {@link gdp.v1.FsFile.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.FsFile
             * @static
             * @param {gdp.v1.FsFile.$Properties} message FsFile message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FsFile.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.size);
                if (message.contentHash != null && $Object.hasOwnProperty.call(message, "contentHash") && message.contentHash.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.contentHash);
                if (message.height != null && $Object.hasOwnProperty.call(message, "height") && message.height !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.height);
                if (message.refs != null && message.refs.length)
                    for (let i = 0; i < message.refs.length; ++i)
                        $root.gdp.v1.FsBlobRef.encode(message.refs[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FsFile message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.FsFile
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.FsFile & gdp.v1.FsFile.$Shape} FsFile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FsFile.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.FsFile();
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
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.contentHash = value;
                            else
                                delete message.contentHash;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.height = value;
                            else
                                delete message.height;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.refs && message.refs.length))
                                message.refs = [];
                            message.refs.push($root.gdp.v1.FsBlobRef.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Gets the type url for FsFile
             * @function getTypeUrl
             * @memberof gdp.v1.FsFile
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            FsFile.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.FsFile";
            };

            return FsFile;
        })();

        v1.FsBlobRef = (function() {

            /**
             * Properties of a FsBlobRef.
             * @typedef {Object} gdp.v1.FsBlobRef.$Properties
             * @property {number|Long|null} [seqno] FsBlobRef seqno
             * @property {number|Long|null} [length] FsBlobRef length
             * @property {Uint8Array|null} [hash] FsBlobRef hash
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FsBlobRef.
             * @memberof gdp.v1
             * @interface IFsBlobRef
             * @augments gdp.v1.FsBlobRef.$Properties
             * @deprecated Use gdp.v1.FsBlobRef.$Properties instead.
             */

            /**
             * Shape of a FsBlobRef.
             * @typedef {gdp.v1.FsBlobRef.$Properties} gdp.v1.FsBlobRef.$Shape
             */

            /**
             * Constructs a new FsBlobRef.
             * @memberof gdp.v1
             * @classdesc Represents a FsBlobRef.
             * @constructor
             * @param {gdp.v1.FsBlobRef.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FsBlobRef = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FsBlobRef seqno.
             * @member {number|Long} seqno
             * @memberof gdp.v1.FsBlobRef
             * @instance
             */
            FsBlobRef.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * FsBlobRef length.
             * @member {number|Long} length
             * @memberof gdp.v1.FsBlobRef
             * @instance
             */
            FsBlobRef.prototype.length = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * FsBlobRef hash.
             * @member {Uint8Array} hash
             * @memberof gdp.v1.FsBlobRef
             * @instance
             */
            FsBlobRef.prototype.hash = $util.newBuffer([]);

            /**
             * Creates a new FsBlobRef instance using the specified properties.
             * @function create
             * @memberof gdp.v1.FsBlobRef
             * @static
             * @param {gdp.v1.FsBlobRef.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.FsBlobRef} FsBlobRef instance
             * @type {{
             *   (properties: gdp.v1.FsBlobRef.$Shape): gdp.v1.FsBlobRef & gdp.v1.FsBlobRef.$Shape;
             *   (properties?: gdp.v1.FsBlobRef.$Properties): gdp.v1.FsBlobRef;
             * }}
             */
            FsBlobRef.create = function(properties) {
                return new FsBlobRef(properties);
            };

            /**
             * Encodes the specified FsBlobRef message. Does not implicitly {@link gdp.v1.FsBlobRef.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.FsBlobRef
             * @static
             * @param {gdp.v1.FsBlobRef.$Properties} message FsBlobRef message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FsBlobRef.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno") && (typeof message.seqno === "object" ? message.seqno.low || message.seqno.high : message.seqno !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seqno);
                if (message.length != null && $Object.hasOwnProperty.call(message, "length") && (typeof message.length === "object" ? message.length.low || message.length.high : message.length !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.length);
                if (message.hash != null && $Object.hasOwnProperty.call(message, "hash") && message.hash.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.hash);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FsBlobRef message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.FsBlobRef
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.FsBlobRef & gdp.v1.FsBlobRef.$Shape} FsBlobRef
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FsBlobRef.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.FsBlobRef();
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
                                message.length = value;
                            else
                                delete message.length;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.hash = value;
                            else
                                delete message.hash;
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
             * Gets the type url for FsBlobRef
             * @function getTypeUrl
             * @memberof gdp.v1.FsBlobRef
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            FsBlobRef.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.FsBlobRef";
            };

            return FsBlobRef;
        })();

        v1.FsPage = (function() {

            /**
             * Properties of a FsPage.
             * @typedef {Object} gdp.v1.FsPage.$Properties
             * @property {Array.<gdp.v1.FsBlobRef.$Properties>|null} [refs] FsPage refs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a FsPage.
             * @memberof gdp.v1
             * @interface IFsPage
             * @augments gdp.v1.FsPage.$Properties
             * @deprecated Use gdp.v1.FsPage.$Properties instead.
             */

            /**
             * Shape of a FsPage.
             * @typedef {gdp.v1.FsPage.$Properties} gdp.v1.FsPage.$Shape
             */

            /**
             * Constructs a new FsPage.
             * @memberof gdp.v1
             * @classdesc Represents a FsPage.
             * @constructor
             * @param {gdp.v1.FsPage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const FsPage = function (properties) {
                this.refs = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * FsPage refs.
             * @member {Array.<gdp.v1.FsBlobRef.$Properties>} refs
             * @memberof gdp.v1.FsPage
             * @instance
             */
            FsPage.prototype.refs = $util.emptyArray;

            /**
             * Creates a new FsPage instance using the specified properties.
             * @function create
             * @memberof gdp.v1.FsPage
             * @static
             * @param {gdp.v1.FsPage.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.FsPage} FsPage instance
             * @type {{
             *   (properties: gdp.v1.FsPage.$Shape): gdp.v1.FsPage & gdp.v1.FsPage.$Shape;
             *   (properties?: gdp.v1.FsPage.$Properties): gdp.v1.FsPage;
             * }}
             */
            FsPage.create = function(properties) {
                return new FsPage(properties);
            };

            /**
             * Encodes the specified FsPage message. Does not implicitly {@link gdp.v1.FsPage.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.FsPage
             * @static
             * @param {gdp.v1.FsPage.$Properties} message FsPage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            FsPage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.refs != null && message.refs.length)
                    for (let i = 0; i < message.refs.length; ++i)
                        $root.gdp.v1.FsBlobRef.encode(message.refs[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a FsPage message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.FsPage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.FsPage & gdp.v1.FsPage.$Shape} FsPage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            FsPage.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.FsPage();
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
                            if (!(message.refs && message.refs.length))
                                message.refs = [];
                            message.refs.push($root.gdp.v1.FsBlobRef.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Gets the type url for FsPage
             * @function getTypeUrl
             * @memberof gdp.v1.FsPage
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            FsPage.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.FsPage";
            };

            return FsPage;
        })();

        v1.KvRecord = (function() {

            /**
             * Properties of a KvRecord.
             * @typedef {Object} gdp.v1.KvRecord.$Properties
             * @property {gdp.v1.KvPut.$Properties|null} [put] KvRecord put
             * @property {gdp.v1.KvDelete.$Properties|null} ["delete"] KvRecord delete
             * @property {gdp.v1.KvBatch.$Properties|null} [batch] KvRecord batch
             * @property {gdp.v1.KvCheckpoint.$Properties|null} [checkpoint] KvRecord checkpoint
             * @property {gdp.v1.KvBlob.$Properties|null} [blob] KvRecord blob
             * @property {"put"|"delete"|"batch"|"checkpoint"|"blob"} [record] KvRecord record
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvRecord.
             * @memberof gdp.v1
             * @interface IKvRecord
             * @augments gdp.v1.KvRecord.$Properties
             * @deprecated Use gdp.v1.KvRecord.$Properties instead.
             */

            /**
             * Narrowed shape of a KvRecord.
             * @typedef {{
             *   put?: gdp.v1.KvPut.$Shape|null;
             *   "delete"?: gdp.v1.KvDelete.$Shape|null;
             *   batch?: gdp.v1.KvBatch.$Shape|null;
             *   checkpoint?: gdp.v1.KvCheckpoint.$Shape|null;
             *   blob?: gdp.v1.KvBlob.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ record?: undefined; put?: null; "delete"?: null; batch?: null; checkpoint?: null; blob?: null }|{ record?: "put"; put: gdp.v1.KvPut.$Shape; "delete"?: null; batch?: null; checkpoint?: null; blob?: null }|{ record?: "delete"; put?: null; "delete": gdp.v1.KvDelete.$Shape; batch?: null; checkpoint?: null; blob?: null }|{ record?: "batch"; put?: null; "delete"?: null; batch: gdp.v1.KvBatch.$Shape; checkpoint?: null; blob?: null }|{ record?: "checkpoint"; put?: null; "delete"?: null; batch?: null; checkpoint: gdp.v1.KvCheckpoint.$Shape; blob?: null }|{ record?: "blob"; put?: null; "delete"?: null; batch?: null; checkpoint?: null; blob: gdp.v1.KvBlob.$Shape })
             * )} gdp.v1.KvRecord.$Shape
             */

            /**
             * Constructs a new KvRecord.
             * @memberof gdp.v1
             * @classdesc Represents a KvRecord.
             * @constructor
             * @param {gdp.v1.KvRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvRecord = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvRecord put.
             * @member {gdp.v1.KvPut.$Properties|null|undefined} put
             * @memberof gdp.v1.KvRecord
             * @instance
             */
            KvRecord.prototype.put = null;

            /**
             * KvRecord delete.
             * @member {gdp.v1.KvDelete.$Properties|null|undefined} delete
             * @memberof gdp.v1.KvRecord
             * @instance
             */
            KvRecord.prototype["delete"] = null;

            /**
             * KvRecord batch.
             * @member {gdp.v1.KvBatch.$Properties|null|undefined} batch
             * @memberof gdp.v1.KvRecord
             * @instance
             */
            KvRecord.prototype.batch = null;

            /**
             * KvRecord checkpoint.
             * @member {gdp.v1.KvCheckpoint.$Properties|null|undefined} checkpoint
             * @memberof gdp.v1.KvRecord
             * @instance
             */
            KvRecord.prototype.checkpoint = null;

            /**
             * KvRecord blob.
             * @member {gdp.v1.KvBlob.$Properties|null|undefined} blob
             * @memberof gdp.v1.KvRecord
             * @instance
             */
            KvRecord.prototype.blob = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * KvRecord record.
             * @member {"put"|"delete"|"batch"|"checkpoint"|"blob"|undefined} record
             * @memberof gdp.v1.KvRecord
             * @instance
             */
            $Object.defineProperty(KvRecord.prototype, "record", {
                get: $util.oneOfGetter($oneOfFields = ["put", "delete", "batch", "checkpoint", "blob"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new KvRecord instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvRecord
             * @static
             * @param {gdp.v1.KvRecord.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvRecord} KvRecord instance
             * @type {{
             *   (properties: gdp.v1.KvRecord.$Shape): gdp.v1.KvRecord & gdp.v1.KvRecord.$Shape;
             *   (properties?: gdp.v1.KvRecord.$Properties): gdp.v1.KvRecord;
             * }}
             */
            KvRecord.create = function(properties) {
                return new KvRecord(properties);
            };

            /**
             * Encodes the specified KvRecord message. Does not implicitly {@link gdp.v1.KvRecord.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvRecord
             * @static
             * @param {gdp.v1.KvRecord.$Properties} message KvRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.put != null && $Object.hasOwnProperty.call(message, "put"))
                    $root.gdp.v1.KvPut.encode(message.put, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message["delete"] != null && $Object.hasOwnProperty.call(message, "delete"))
                    $root.gdp.v1.KvDelete.encode(message["delete"], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.batch != null && $Object.hasOwnProperty.call(message, "batch"))
                    $root.gdp.v1.KvBatch.encode(message.batch, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    $root.gdp.v1.KvCheckpoint.encode(message.checkpoint, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.blob != null && $Object.hasOwnProperty.call(message, "blob"))
                    $root.gdp.v1.KvBlob.encode(message.blob, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvRecord message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvRecord & gdp.v1.KvRecord.$Shape} KvRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvRecord.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvRecord();
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
                            message.put = $root.gdp.v1.KvPut.decode(reader, reader.size(), $undefined, _depth + 1, message.put);
                            message.record = "put";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message["delete"] = $root.gdp.v1.KvDelete.decode(reader, reader.size(), $undefined, _depth + 1, message["delete"]);
                            message.record = "delete";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.batch = $root.gdp.v1.KvBatch.decode(reader, reader.size(), $undefined, _depth + 1, message.batch);
                            message.record = "batch";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.checkpoint = $root.gdp.v1.KvCheckpoint.decode(reader, reader.size(), $undefined, _depth + 1, message.checkpoint);
                            message.record = "checkpoint";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.blob = $root.gdp.v1.KvBlob.decode(reader, reader.size(), $undefined, _depth + 1, message.blob);
                            message.record = "blob";
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
             * Gets the type url for KvRecord
             * @function getTypeUrl
             * @memberof gdp.v1.KvRecord
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvRecord.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvRecord";
            };

            return KvRecord;
        })();

        v1.KvPut = (function() {

            /**
             * Properties of a KvPut.
             * @typedef {Object} gdp.v1.KvPut.$Properties
             * @property {Uint8Array|null} [key] KvPut key
             * @property {Uint8Array|null} [value] KvPut value
             * @property {number|null} [encryptionEpoch] KvPut encryptionEpoch
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvPut.
             * @memberof gdp.v1
             * @interface IKvPut
             * @augments gdp.v1.KvPut.$Properties
             * @deprecated Use gdp.v1.KvPut.$Properties instead.
             */

            /**
             * Shape of a KvPut.
             * @typedef {gdp.v1.KvPut.$Properties} gdp.v1.KvPut.$Shape
             */

            /**
             * Constructs a new KvPut.
             * @memberof gdp.v1
             * @classdesc Represents a KvPut.
             * @constructor
             * @param {gdp.v1.KvPut.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvPut = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvPut key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.KvPut
             * @instance
             */
            KvPut.prototype.key = $util.newBuffer([]);

            /**
             * KvPut value.
             * @member {Uint8Array} value
             * @memberof gdp.v1.KvPut
             * @instance
             */
            KvPut.prototype.value = $util.newBuffer([]);

            /**
             * KvPut encryptionEpoch.
             * @member {number} encryptionEpoch
             * @memberof gdp.v1.KvPut
             * @instance
             */
            KvPut.prototype.encryptionEpoch = 0;

            /**
             * Creates a new KvPut instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvPut
             * @static
             * @param {gdp.v1.KvPut.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvPut} KvPut instance
             * @type {{
             *   (properties: gdp.v1.KvPut.$Shape): gdp.v1.KvPut & gdp.v1.KvPut.$Shape;
             *   (properties?: gdp.v1.KvPut.$Properties): gdp.v1.KvPut;
             * }}
             */
            KvPut.create = function(properties) {
                return new KvPut(properties);
            };

            /**
             * Encodes the specified KvPut message. Does not implicitly {@link gdp.v1.KvPut.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvPut
             * @static
             * @param {gdp.v1.KvPut.$Properties} message KvPut message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvPut.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.key);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.value);
                if (message.encryptionEpoch != null && $Object.hasOwnProperty.call(message, "encryptionEpoch") && message.encryptionEpoch !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.encryptionEpoch);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvPut message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvPut
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvPut & gdp.v1.KvPut.$Shape} KvPut
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvPut.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvPut();
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
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.encryptionEpoch = value;
                            else
                                delete message.encryptionEpoch;
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
             * Gets the type url for KvPut
             * @function getTypeUrl
             * @memberof gdp.v1.KvPut
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvPut.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvPut";
            };

            return KvPut;
        })();

        v1.KvDelete = (function() {

            /**
             * Properties of a KvDelete.
             * @typedef {Object} gdp.v1.KvDelete.$Properties
             * @property {Uint8Array|null} [key] KvDelete key
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvDelete.
             * @memberof gdp.v1
             * @interface IKvDelete
             * @augments gdp.v1.KvDelete.$Properties
             * @deprecated Use gdp.v1.KvDelete.$Properties instead.
             */

            /**
             * Shape of a KvDelete.
             * @typedef {gdp.v1.KvDelete.$Properties} gdp.v1.KvDelete.$Shape
             */

            /**
             * Constructs a new KvDelete.
             * @memberof gdp.v1
             * @classdesc Represents a KvDelete.
             * @constructor
             * @param {gdp.v1.KvDelete.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvDelete = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvDelete key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.KvDelete
             * @instance
             */
            KvDelete.prototype.key = $util.newBuffer([]);

            /**
             * Creates a new KvDelete instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvDelete
             * @static
             * @param {gdp.v1.KvDelete.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvDelete} KvDelete instance
             * @type {{
             *   (properties: gdp.v1.KvDelete.$Shape): gdp.v1.KvDelete & gdp.v1.KvDelete.$Shape;
             *   (properties?: gdp.v1.KvDelete.$Properties): gdp.v1.KvDelete;
             * }}
             */
            KvDelete.create = function(properties) {
                return new KvDelete(properties);
            };

            /**
             * Encodes the specified KvDelete message. Does not implicitly {@link gdp.v1.KvDelete.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvDelete
             * @static
             * @param {gdp.v1.KvDelete.$Properties} message KvDelete message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvDelete.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.key);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvDelete message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvDelete
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvDelete & gdp.v1.KvDelete.$Shape} KvDelete
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvDelete.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvDelete();
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
             * Gets the type url for KvDelete
             * @function getTypeUrl
             * @memberof gdp.v1.KvDelete
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvDelete.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvDelete";
            };

            return KvDelete;
        })();

        v1.KvOp = (function() {

            /**
             * Properties of a KvOp.
             * @typedef {Object} gdp.v1.KvOp.$Properties
             * @property {gdp.v1.KvPut.$Properties|null} [put] KvOp put
             * @property {gdp.v1.KvDelete.$Properties|null} ["delete"] KvOp delete
             * @property {"put"|"delete"} [op] KvOp op
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvOp.
             * @memberof gdp.v1
             * @interface IKvOp
             * @augments gdp.v1.KvOp.$Properties
             * @deprecated Use gdp.v1.KvOp.$Properties instead.
             */

            /**
             * Narrowed shape of a KvOp.
             * @typedef {{
             *   put?: gdp.v1.KvPut.$Shape|null;
             *   "delete"?: gdp.v1.KvDelete.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ op?: undefined; put?: null; "delete"?: null }|{ op?: "put"; put: gdp.v1.KvPut.$Shape; "delete"?: null }|{ op?: "delete"; put?: null; "delete": gdp.v1.KvDelete.$Shape })
             * )} gdp.v1.KvOp.$Shape
             */

            /**
             * Constructs a new KvOp.
             * @memberof gdp.v1
             * @classdesc Represents a KvOp.
             * @constructor
             * @param {gdp.v1.KvOp.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvOp = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvOp put.
             * @member {gdp.v1.KvPut.$Properties|null|undefined} put
             * @memberof gdp.v1.KvOp
             * @instance
             */
            KvOp.prototype.put = null;

            /**
             * KvOp delete.
             * @member {gdp.v1.KvDelete.$Properties|null|undefined} delete
             * @memberof gdp.v1.KvOp
             * @instance
             */
            KvOp.prototype["delete"] = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * KvOp op.
             * @member {"put"|"delete"|undefined} op
             * @memberof gdp.v1.KvOp
             * @instance
             */
            $Object.defineProperty(KvOp.prototype, "op", {
                get: $util.oneOfGetter($oneOfFields = ["put", "delete"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new KvOp instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvOp
             * @static
             * @param {gdp.v1.KvOp.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvOp} KvOp instance
             * @type {{
             *   (properties: gdp.v1.KvOp.$Shape): gdp.v1.KvOp & gdp.v1.KvOp.$Shape;
             *   (properties?: gdp.v1.KvOp.$Properties): gdp.v1.KvOp;
             * }}
             */
            KvOp.create = function(properties) {
                return new KvOp(properties);
            };

            /**
             * Encodes the specified KvOp message. Does not implicitly {@link gdp.v1.KvOp.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvOp
             * @static
             * @param {gdp.v1.KvOp.$Properties} message KvOp message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvOp.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.put != null && $Object.hasOwnProperty.call(message, "put"))
                    $root.gdp.v1.KvPut.encode(message.put, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message["delete"] != null && $Object.hasOwnProperty.call(message, "delete"))
                    $root.gdp.v1.KvDelete.encode(message["delete"], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvOp message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvOp
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvOp & gdp.v1.KvOp.$Shape} KvOp
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvOp.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvOp();
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
                            message.put = $root.gdp.v1.KvPut.decode(reader, reader.size(), $undefined, _depth + 1, message.put);
                            message.op = "put";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message["delete"] = $root.gdp.v1.KvDelete.decode(reader, reader.size(), $undefined, _depth + 1, message["delete"]);
                            message.op = "delete";
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
             * Gets the type url for KvOp
             * @function getTypeUrl
             * @memberof gdp.v1.KvOp
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvOp.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvOp";
            };

            return KvOp;
        })();

        v1.KvBatch = (function() {

            /**
             * Properties of a KvBatch.
             * @typedef {Object} gdp.v1.KvBatch.$Properties
             * @property {Array.<gdp.v1.KvOp.$Properties>|null} [ops] KvBatch ops
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvBatch.
             * @memberof gdp.v1
             * @interface IKvBatch
             * @augments gdp.v1.KvBatch.$Properties
             * @deprecated Use gdp.v1.KvBatch.$Properties instead.
             */

            /**
             * Shape of a KvBatch.
             * @typedef {{
             *   ops?: Array.<gdp.v1.KvOp.$Shape>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} gdp.v1.KvBatch.$Shape
             */

            /**
             * Constructs a new KvBatch.
             * @memberof gdp.v1
             * @classdesc Represents a KvBatch.
             * @constructor
             * @param {gdp.v1.KvBatch.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvBatch = function (properties) {
                this.ops = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvBatch ops.
             * @member {Array.<gdp.v1.KvOp.$Properties>} ops
             * @memberof gdp.v1.KvBatch
             * @instance
             */
            KvBatch.prototype.ops = $util.emptyArray;

            /**
             * Creates a new KvBatch instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvBatch
             * @static
             * @param {gdp.v1.KvBatch.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvBatch} KvBatch instance
             * @type {{
             *   (properties: gdp.v1.KvBatch.$Shape): gdp.v1.KvBatch & gdp.v1.KvBatch.$Shape;
             *   (properties?: gdp.v1.KvBatch.$Properties): gdp.v1.KvBatch;
             * }}
             */
            KvBatch.create = function(properties) {
                return new KvBatch(properties);
            };

            /**
             * Encodes the specified KvBatch message. Does not implicitly {@link gdp.v1.KvBatch.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvBatch
             * @static
             * @param {gdp.v1.KvBatch.$Properties} message KvBatch message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvBatch.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.ops != null && message.ops.length)
                    for (let i = 0; i < message.ops.length; ++i)
                        $root.gdp.v1.KvOp.encode(message.ops[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvBatch message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvBatch
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvBatch & gdp.v1.KvBatch.$Shape} KvBatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvBatch.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvBatch();
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
                            if (!(message.ops && message.ops.length))
                                message.ops = [];
                            message.ops.push($root.gdp.v1.KvOp.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Gets the type url for KvBatch
             * @function getTypeUrl
             * @memberof gdp.v1.KvBatch
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvBatch.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvBatch";
            };

            return KvBatch;
        })();

        v1.KvCheckpoint = (function() {

            /**
             * Properties of a KvCheckpoint.
             * @typedef {Object} gdp.v1.KvCheckpoint.$Properties
             * @property {number|Long|null} [version] KvCheckpoint version
             * @property {number|Long|null} [keyCount] KvCheckpoint keyCount
             * @property {Uint8Array|null} [root] KvCheckpoint root
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvCheckpoint.
             * @memberof gdp.v1
             * @interface IKvCheckpoint
             * @augments gdp.v1.KvCheckpoint.$Properties
             * @deprecated Use gdp.v1.KvCheckpoint.$Properties instead.
             */

            /**
             * Shape of a KvCheckpoint.
             * @typedef {gdp.v1.KvCheckpoint.$Properties} gdp.v1.KvCheckpoint.$Shape
             */

            /**
             * Constructs a new KvCheckpoint.
             * @memberof gdp.v1
             * @classdesc Represents a KvCheckpoint.
             * @constructor
             * @param {gdp.v1.KvCheckpoint.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvCheckpoint = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvCheckpoint version.
             * @member {number|Long} version
             * @memberof gdp.v1.KvCheckpoint
             * @instance
             */
            KvCheckpoint.prototype.version = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvCheckpoint keyCount.
             * @member {number|Long} keyCount
             * @memberof gdp.v1.KvCheckpoint
             * @instance
             */
            KvCheckpoint.prototype.keyCount = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvCheckpoint root.
             * @member {Uint8Array} root
             * @memberof gdp.v1.KvCheckpoint
             * @instance
             */
            KvCheckpoint.prototype.root = $util.newBuffer([]);

            /**
             * Creates a new KvCheckpoint instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvCheckpoint
             * @static
             * @param {gdp.v1.KvCheckpoint.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvCheckpoint} KvCheckpoint instance
             * @type {{
             *   (properties: gdp.v1.KvCheckpoint.$Shape): gdp.v1.KvCheckpoint & gdp.v1.KvCheckpoint.$Shape;
             *   (properties?: gdp.v1.KvCheckpoint.$Properties): gdp.v1.KvCheckpoint;
             * }}
             */
            KvCheckpoint.create = function(properties) {
                return new KvCheckpoint(properties);
            };

            /**
             * Encodes the specified KvCheckpoint message. Does not implicitly {@link gdp.v1.KvCheckpoint.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvCheckpoint
             * @static
             * @param {gdp.v1.KvCheckpoint.$Properties} message KvCheckpoint message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvCheckpoint.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && (typeof message.version === "object" ? message.version.low || message.version.high : message.version !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.version);
                if (message.keyCount != null && $Object.hasOwnProperty.call(message, "keyCount") && (typeof message.keyCount === "object" ? message.keyCount.low || message.keyCount.high : message.keyCount !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.keyCount);
                if (message.root != null && $Object.hasOwnProperty.call(message, "root") && message.root.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.root);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvCheckpoint message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvCheckpoint
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvCheckpoint & gdp.v1.KvCheckpoint.$Shape} KvCheckpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvCheckpoint.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvCheckpoint();
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
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.keyCount = value;
                            else
                                delete message.keyCount;
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
             * Gets the type url for KvCheckpoint
             * @function getTypeUrl
             * @memberof gdp.v1.KvCheckpoint
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvCheckpoint.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvCheckpoint";
            };

            return KvCheckpoint;
        })();

        v1.KvBlob = (function() {

            /**
             * Properties of a KvBlob.
             * @typedef {Object} gdp.v1.KvBlob.$Properties
             * @property {Uint8Array|null} [data] KvBlob data
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvBlob.
             * @memberof gdp.v1
             * @interface IKvBlob
             * @augments gdp.v1.KvBlob.$Properties
             * @deprecated Use gdp.v1.KvBlob.$Properties instead.
             */

            /**
             * Shape of a KvBlob.
             * @typedef {gdp.v1.KvBlob.$Properties} gdp.v1.KvBlob.$Shape
             */

            /**
             * Constructs a new KvBlob.
             * @memberof gdp.v1
             * @classdesc Represents a KvBlob.
             * @constructor
             * @param {gdp.v1.KvBlob.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvBlob = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvBlob data.
             * @member {Uint8Array} data
             * @memberof gdp.v1.KvBlob
             * @instance
             */
            KvBlob.prototype.data = $util.newBuffer([]);

            /**
             * Creates a new KvBlob instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvBlob
             * @static
             * @param {gdp.v1.KvBlob.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvBlob} KvBlob instance
             * @type {{
             *   (properties: gdp.v1.KvBlob.$Shape): gdp.v1.KvBlob & gdp.v1.KvBlob.$Shape;
             *   (properties?: gdp.v1.KvBlob.$Properties): gdp.v1.KvBlob;
             * }}
             */
            KvBlob.create = function(properties) {
                return new KvBlob(properties);
            };

            /**
             * Encodes the specified KvBlob message. Does not implicitly {@link gdp.v1.KvBlob.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvBlob
             * @static
             * @param {gdp.v1.KvBlob.$Properties} message KvBlob message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvBlob.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.data);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvBlob message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvBlob
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvBlob & gdp.v1.KvBlob.$Shape} KvBlob
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvBlob.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvBlob();
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
                                message.data = value;
                            else
                                delete message.data;
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
             * Gets the type url for KvBlob
             * @function getTypeUrl
             * @memberof gdp.v1.KvBlob
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvBlob.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvBlob";
            };

            return KvBlob;
        })();

        v1.KvTreeNode = (function() {

            /**
             * Properties of a KvTreeNode.
             * @typedef {Object} gdp.v1.KvTreeNode.$Properties
             * @property {Uint8Array|null} [key] KvTreeNode key
             * @property {Uint8Array|null} [valueHash] KvTreeNode valueHash
             * @property {number|null} [encryptionEpoch] KvTreeNode encryptionEpoch
             * @property {number|Long|null} [seqno] KvTreeNode seqno
             * @property {Uint8Array|null} [left] KvTreeNode left
             * @property {number|Long|null} [leftCount] KvTreeNode leftCount
             * @property {Uint8Array|null} [right] KvTreeNode right
             * @property {number|Long|null} [rightCount] KvTreeNode rightCount
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvTreeNode.
             * @memberof gdp.v1
             * @interface IKvTreeNode
             * @augments gdp.v1.KvTreeNode.$Properties
             * @deprecated Use gdp.v1.KvTreeNode.$Properties instead.
             */

            /**
             * Shape of a KvTreeNode.
             * @typedef {gdp.v1.KvTreeNode.$Properties} gdp.v1.KvTreeNode.$Shape
             */

            /**
             * Constructs a new KvTreeNode.
             * @memberof gdp.v1
             * @classdesc Represents a KvTreeNode.
             * @constructor
             * @param {gdp.v1.KvTreeNode.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvTreeNode = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvTreeNode key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.key = $util.newBuffer([]);

            /**
             * KvTreeNode valueHash.
             * @member {Uint8Array} valueHash
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.valueHash = $util.newBuffer([]);

            /**
             * KvTreeNode encryptionEpoch.
             * @member {number} encryptionEpoch
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.encryptionEpoch = 0;

            /**
             * KvTreeNode seqno.
             * @member {number|Long} seqno
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvTreeNode left.
             * @member {Uint8Array} left
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.left = $util.newBuffer([]);

            /**
             * KvTreeNode leftCount.
             * @member {number|Long} leftCount
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.leftCount = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvTreeNode right.
             * @member {Uint8Array} right
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.right = $util.newBuffer([]);

            /**
             * KvTreeNode rightCount.
             * @member {number|Long} rightCount
             * @memberof gdp.v1.KvTreeNode
             * @instance
             */
            KvTreeNode.prototype.rightCount = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new KvTreeNode instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvTreeNode
             * @static
             * @param {gdp.v1.KvTreeNode.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvTreeNode} KvTreeNode instance
             * @type {{
             *   (properties: gdp.v1.KvTreeNode.$Shape): gdp.v1.KvTreeNode & gdp.v1.KvTreeNode.$Shape;
             *   (properties?: gdp.v1.KvTreeNode.$Properties): gdp.v1.KvTreeNode;
             * }}
             */
            KvTreeNode.create = function(properties) {
                return new KvTreeNode(properties);
            };

            /**
             * Encodes the specified KvTreeNode message. Does not implicitly {@link gdp.v1.KvTreeNode.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvTreeNode
             * @static
             * @param {gdp.v1.KvTreeNode.$Properties} message KvTreeNode message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvTreeNode.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.key);
                if (message.valueHash != null && $Object.hasOwnProperty.call(message, "valueHash") && message.valueHash.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.valueHash);
                if (message.encryptionEpoch != null && $Object.hasOwnProperty.call(message, "encryptionEpoch") && message.encryptionEpoch !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.encryptionEpoch);
                if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno") && (typeof message.seqno === "object" ? message.seqno.low || message.seqno.high : message.seqno !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.seqno);
                if (message.left != null && $Object.hasOwnProperty.call(message, "left") && message.left.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.left);
                if (message.leftCount != null && $Object.hasOwnProperty.call(message, "leftCount") && (typeof message.leftCount === "object" ? message.leftCount.low || message.leftCount.high : message.leftCount !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.leftCount);
                if (message.right != null && $Object.hasOwnProperty.call(message, "right") && message.right.length)
                    writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.right);
                if (message.rightCount != null && $Object.hasOwnProperty.call(message, "rightCount") && (typeof message.rightCount === "object" ? message.rightCount.low || message.rightCount.high : message.rightCount !== 0))
                    writer.uint32(/* id 8, wireType 0 =*/64).uint64(message.rightCount);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvTreeNode message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvTreeNode
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvTreeNode & gdp.v1.KvTreeNode.$Shape} KvTreeNode
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvTreeNode.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvTreeNode();
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
                                message.key = value;
                            else
                                delete message.key;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.valueHash = value;
                            else
                                delete message.valueHash;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.encryptionEpoch = value;
                            else
                                delete message.encryptionEpoch;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqno = value;
                            else
                                delete message.seqno;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.left = value;
                            else
                                delete message.left;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.leftCount = value;
                            else
                                delete message.leftCount;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.right = value;
                            else
                                delete message.right;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.rightCount = value;
                            else
                                delete message.rightCount;
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
             * Gets the type url for KvTreeNode
             * @function getTypeUrl
             * @memberof gdp.v1.KvTreeNode
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvTreeNode.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvTreeNode";
            };

            return KvTreeNode;
        })();

        v1.KvProofNode = (function() {

            /**
             * Properties of a KvProofNode.
             * @typedef {Object} gdp.v1.KvProofNode.$Properties
             * @property {gdp.v1.KvProofEntry.$Properties|null} [entry] KvProofNode entry
             * @property {gdp.v1.KvPrunedSubtree.$Properties|null} [pruned] KvProofNode pruned
             * @property {"entry"|"pruned"} [node] KvProofNode node
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvProofNode.
             * @memberof gdp.v1
             * @interface IKvProofNode
             * @augments gdp.v1.KvProofNode.$Properties
             * @deprecated Use gdp.v1.KvProofNode.$Properties instead.
             */

            /**
             * Narrowed shape of a KvProofNode.
             * @typedef {{
             *   entry?: gdp.v1.KvProofEntry.$Shape|null;
             *   pruned?: gdp.v1.KvPrunedSubtree.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ node?: undefined; entry?: null; pruned?: null }|{ node?: "entry"; entry: gdp.v1.KvProofEntry.$Shape; pruned?: null }|{ node?: "pruned"; entry?: null; pruned: gdp.v1.KvPrunedSubtree.$Shape })
             * )} gdp.v1.KvProofNode.$Shape
             */

            /**
             * Constructs a new KvProofNode.
             * @memberof gdp.v1
             * @classdesc Represents a KvProofNode.
             * @constructor
             * @param {gdp.v1.KvProofNode.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvProofNode = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvProofNode entry.
             * @member {gdp.v1.KvProofEntry.$Properties|null|undefined} entry
             * @memberof gdp.v1.KvProofNode
             * @instance
             */
            KvProofNode.prototype.entry = null;

            /**
             * KvProofNode pruned.
             * @member {gdp.v1.KvPrunedSubtree.$Properties|null|undefined} pruned
             * @memberof gdp.v1.KvProofNode
             * @instance
             */
            KvProofNode.prototype.pruned = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * KvProofNode node.
             * @member {"entry"|"pruned"|undefined} node
             * @memberof gdp.v1.KvProofNode
             * @instance
             */
            $Object.defineProperty(KvProofNode.prototype, "node", {
                get: $util.oneOfGetter($oneOfFields = ["entry", "pruned"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new KvProofNode instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvProofNode
             * @static
             * @param {gdp.v1.KvProofNode.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvProofNode} KvProofNode instance
             * @type {{
             *   (properties: gdp.v1.KvProofNode.$Shape): gdp.v1.KvProofNode & gdp.v1.KvProofNode.$Shape;
             *   (properties?: gdp.v1.KvProofNode.$Properties): gdp.v1.KvProofNode;
             * }}
             */
            KvProofNode.create = function(properties) {
                return new KvProofNode(properties);
            };

            /**
             * Encodes the specified KvProofNode message. Does not implicitly {@link gdp.v1.KvProofNode.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvProofNode
             * @static
             * @param {gdp.v1.KvProofNode.$Properties} message KvProofNode message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvProofNode.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.entry != null && $Object.hasOwnProperty.call(message, "entry"))
                    $root.gdp.v1.KvProofEntry.encode(message.entry, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.pruned != null && $Object.hasOwnProperty.call(message, "pruned"))
                    $root.gdp.v1.KvPrunedSubtree.encode(message.pruned, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvProofNode message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvProofNode
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvProofNode & gdp.v1.KvProofNode.$Shape} KvProofNode
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvProofNode.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvProofNode();
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
                            message.entry = $root.gdp.v1.KvProofEntry.decode(reader, reader.size(), $undefined, _depth + 1, message.entry);
                            message.node = "entry";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.pruned = $root.gdp.v1.KvPrunedSubtree.decode(reader, reader.size(), $undefined, _depth + 1, message.pruned);
                            message.node = "pruned";
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
             * Gets the type url for KvProofNode
             * @function getTypeUrl
             * @memberof gdp.v1.KvProofNode
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvProofNode.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvProofNode";
            };

            return KvProofNode;
        })();

        v1.KvProofEntry = (function() {

            /**
             * Properties of a KvProofEntry.
             * @typedef {Object} gdp.v1.KvProofEntry.$Properties
             * @property {Uint8Array|null} [key] KvProofEntry key
             * @property {Uint8Array|null} [valueHash] KvProofEntry valueHash
             * @property {number|null} [encryptionEpoch] KvProofEntry encryptionEpoch
             * @property {number|Long|null} [seqno] KvProofEntry seqno
             * @property {boolean|null} [hasLeft] KvProofEntry hasLeft
             * @property {boolean|null} [hasRight] KvProofEntry hasRight
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvProofEntry.
             * @memberof gdp.v1
             * @interface IKvProofEntry
             * @augments gdp.v1.KvProofEntry.$Properties
             * @deprecated Use gdp.v1.KvProofEntry.$Properties instead.
             */

            /**
             * Shape of a KvProofEntry.
             * @typedef {gdp.v1.KvProofEntry.$Properties} gdp.v1.KvProofEntry.$Shape
             */

            /**
             * Constructs a new KvProofEntry.
             * @memberof gdp.v1
             * @classdesc Represents a KvProofEntry.
             * @constructor
             * @param {gdp.v1.KvProofEntry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvProofEntry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvProofEntry key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.KvProofEntry
             * @instance
             */
            KvProofEntry.prototype.key = $util.newBuffer([]);

            /**
             * KvProofEntry valueHash.
             * @member {Uint8Array} valueHash
             * @memberof gdp.v1.KvProofEntry
             * @instance
             */
            KvProofEntry.prototype.valueHash = $util.newBuffer([]);

            /**
             * KvProofEntry encryptionEpoch.
             * @member {number} encryptionEpoch
             * @memberof gdp.v1.KvProofEntry
             * @instance
             */
            KvProofEntry.prototype.encryptionEpoch = 0;

            /**
             * KvProofEntry seqno.
             * @member {number|Long} seqno
             * @memberof gdp.v1.KvProofEntry
             * @instance
             */
            KvProofEntry.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvProofEntry hasLeft.
             * @member {boolean} hasLeft
             * @memberof gdp.v1.KvProofEntry
             * @instance
             */
            KvProofEntry.prototype.hasLeft = false;

            /**
             * KvProofEntry hasRight.
             * @member {boolean} hasRight
             * @memberof gdp.v1.KvProofEntry
             * @instance
             */
            KvProofEntry.prototype.hasRight = false;

            /**
             * Creates a new KvProofEntry instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvProofEntry
             * @static
             * @param {gdp.v1.KvProofEntry.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvProofEntry} KvProofEntry instance
             * @type {{
             *   (properties: gdp.v1.KvProofEntry.$Shape): gdp.v1.KvProofEntry & gdp.v1.KvProofEntry.$Shape;
             *   (properties?: gdp.v1.KvProofEntry.$Properties): gdp.v1.KvProofEntry;
             * }}
             */
            KvProofEntry.create = function(properties) {
                return new KvProofEntry(properties);
            };

            /**
             * Encodes the specified KvProofEntry message. Does not implicitly {@link gdp.v1.KvProofEntry.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvProofEntry
             * @static
             * @param {gdp.v1.KvProofEntry.$Properties} message KvProofEntry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvProofEntry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.key);
                if (message.valueHash != null && $Object.hasOwnProperty.call(message, "valueHash") && message.valueHash.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.valueHash);
                if (message.encryptionEpoch != null && $Object.hasOwnProperty.call(message, "encryptionEpoch") && message.encryptionEpoch !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.encryptionEpoch);
                if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno") && (typeof message.seqno === "object" ? message.seqno.low || message.seqno.high : message.seqno !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.seqno);
                if (message.hasLeft != null && $Object.hasOwnProperty.call(message, "hasLeft") && message.hasLeft !== false)
                    writer.uint32(/* id 5, wireType 0 =*/40).bool(message.hasLeft);
                if (message.hasRight != null && $Object.hasOwnProperty.call(message, "hasRight") && message.hasRight !== false)
                    writer.uint32(/* id 6, wireType 0 =*/48).bool(message.hasRight);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvProofEntry message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvProofEntry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvProofEntry & gdp.v1.KvProofEntry.$Shape} KvProofEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvProofEntry.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvProofEntry();
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
                                message.key = value;
                            else
                                delete message.key;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.valueHash = value;
                            else
                                delete message.valueHash;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.encryptionEpoch = value;
                            else
                                delete message.encryptionEpoch;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqno = value;
                            else
                                delete message.seqno;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.hasLeft = value;
                            else
                                delete message.hasLeft;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.hasRight = value;
                            else
                                delete message.hasRight;
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
             * Gets the type url for KvProofEntry
             * @function getTypeUrl
             * @memberof gdp.v1.KvProofEntry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvProofEntry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvProofEntry";
            };

            return KvProofEntry;
        })();

        v1.KvPrunedSubtree = (function() {

            /**
             * Properties of a KvPrunedSubtree.
             * @typedef {Object} gdp.v1.KvPrunedSubtree.$Properties
             * @property {Uint8Array|null} [hash] KvPrunedSubtree hash
             * @property {number|Long|null} [count] KvPrunedSubtree count
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvPrunedSubtree.
             * @memberof gdp.v1
             * @interface IKvPrunedSubtree
             * @augments gdp.v1.KvPrunedSubtree.$Properties
             * @deprecated Use gdp.v1.KvPrunedSubtree.$Properties instead.
             */

            /**
             * Shape of a KvPrunedSubtree.
             * @typedef {gdp.v1.KvPrunedSubtree.$Properties} gdp.v1.KvPrunedSubtree.$Shape
             */

            /**
             * Constructs a new KvPrunedSubtree.
             * @memberof gdp.v1
             * @classdesc Represents a KvPrunedSubtree.
             * @constructor
             * @param {gdp.v1.KvPrunedSubtree.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvPrunedSubtree = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvPrunedSubtree hash.
             * @member {Uint8Array} hash
             * @memberof gdp.v1.KvPrunedSubtree
             * @instance
             */
            KvPrunedSubtree.prototype.hash = $util.newBuffer([]);

            /**
             * KvPrunedSubtree count.
             * @member {number|Long} count
             * @memberof gdp.v1.KvPrunedSubtree
             * @instance
             */
            KvPrunedSubtree.prototype.count = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new KvPrunedSubtree instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvPrunedSubtree
             * @static
             * @param {gdp.v1.KvPrunedSubtree.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvPrunedSubtree} KvPrunedSubtree instance
             * @type {{
             *   (properties: gdp.v1.KvPrunedSubtree.$Shape): gdp.v1.KvPrunedSubtree & gdp.v1.KvPrunedSubtree.$Shape;
             *   (properties?: gdp.v1.KvPrunedSubtree.$Properties): gdp.v1.KvPrunedSubtree;
             * }}
             */
            KvPrunedSubtree.create = function(properties) {
                return new KvPrunedSubtree(properties);
            };

            /**
             * Encodes the specified KvPrunedSubtree message. Does not implicitly {@link gdp.v1.KvPrunedSubtree.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvPrunedSubtree
             * @static
             * @param {gdp.v1.KvPrunedSubtree.$Properties} message KvPrunedSubtree message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvPrunedSubtree.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.hash != null && $Object.hasOwnProperty.call(message, "hash") && message.hash.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.hash);
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && (typeof message.count === "object" ? message.count.low || message.count.high : message.count !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.count);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvPrunedSubtree message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvPrunedSubtree
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvPrunedSubtree & gdp.v1.KvPrunedSubtree.$Shape} KvPrunedSubtree
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvPrunedSubtree.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvPrunedSubtree();
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
                                message.hash = value;
                            else
                                delete message.hash;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.count = value;
                            else
                                delete message.count;
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
             * Gets the type url for KvPrunedSubtree
             * @function getTypeUrl
             * @memberof gdp.v1.KvPrunedSubtree
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvPrunedSubtree.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvPrunedSubtree";
            };

            return KvPrunedSubtree;
        })();

        v1.KvProof = (function() {

            /**
             * Properties of a KvProof.
             * @typedef {Object} gdp.v1.KvProof.$Properties
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [heartbeat] KvProof heartbeat
             * @property {gdp.v1.Record.$Properties|null} [checkpoint] KvProof checkpoint
             * @property {gdp.v1.InclusionProof.$Properties|null} [checkpointInclusion] KvProof checkpointInclusion
             * @property {Array.<gdp.v1.KvProofNode.$Properties>|null} [nodes] KvProof nodes
             * @property {gdp.v1.RecordHeader.$Properties|null} [nextHeader] KvProof nextHeader
             * @property {gdp.v1.InclusionProof.$Properties|null} [nextInclusion] KvProof nextInclusion
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvProof.
             * @memberof gdp.v1
             * @interface IKvProof
             * @augments gdp.v1.KvProof.$Properties
             * @deprecated Use gdp.v1.KvProof.$Properties instead.
             */

            /**
             * Shape of a KvProof.
             * @typedef {{
             *   heartbeat?: gdp.v1.SignedHeartbeat.$Shape|null;
             *   checkpoint?: gdp.v1.Record.$Shape|null;
             *   checkpointInclusion?: gdp.v1.InclusionProof.$Shape|null;
             *   nodes?: Array.<gdp.v1.KvProofNode.$Shape>|null;
             *   nextHeader?: gdp.v1.RecordHeader.$Shape|null;
             *   nextInclusion?: gdp.v1.InclusionProof.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * }} gdp.v1.KvProof.$Shape
             */

            /**
             * Constructs a new KvProof.
             * @memberof gdp.v1
             * @classdesc Represents a KvProof.
             * @constructor
             * @param {gdp.v1.KvProof.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvProof = function (properties) {
                this.nodes = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvProof heartbeat.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} heartbeat
             * @memberof gdp.v1.KvProof
             * @instance
             */
            KvProof.prototype.heartbeat = null;

            /**
             * KvProof checkpoint.
             * @member {gdp.v1.Record.$Properties|null|undefined} checkpoint
             * @memberof gdp.v1.KvProof
             * @instance
             */
            KvProof.prototype.checkpoint = null;

            /**
             * KvProof checkpointInclusion.
             * @member {gdp.v1.InclusionProof.$Properties|null|undefined} checkpointInclusion
             * @memberof gdp.v1.KvProof
             * @instance
             */
            KvProof.prototype.checkpointInclusion = null;

            /**
             * KvProof nodes.
             * @member {Array.<gdp.v1.KvProofNode.$Properties>} nodes
             * @memberof gdp.v1.KvProof
             * @instance
             */
            KvProof.prototype.nodes = $util.emptyArray;

            /**
             * KvProof nextHeader.
             * @member {gdp.v1.RecordHeader.$Properties|null|undefined} nextHeader
             * @memberof gdp.v1.KvProof
             * @instance
             */
            KvProof.prototype.nextHeader = null;

            /**
             * KvProof nextInclusion.
             * @member {gdp.v1.InclusionProof.$Properties|null|undefined} nextInclusion
             * @memberof gdp.v1.KvProof
             * @instance
             */
            KvProof.prototype.nextInclusion = null;

            /**
             * Creates a new KvProof instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvProof
             * @static
             * @param {gdp.v1.KvProof.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvProof} KvProof instance
             * @type {{
             *   (properties: gdp.v1.KvProof.$Shape): gdp.v1.KvProof & gdp.v1.KvProof.$Shape;
             *   (properties?: gdp.v1.KvProof.$Properties): gdp.v1.KvProof;
             * }}
             */
            KvProof.create = function(properties) {
                return new KvProof(properties);
            };

            /**
             * Encodes the specified KvProof message. Does not implicitly {@link gdp.v1.KvProof.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvProof
             * @static
             * @param {gdp.v1.KvProof.$Properties} message KvProof message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvProof.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.heartbeat, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.checkpoint != null && $Object.hasOwnProperty.call(message, "checkpoint"))
                    $root.gdp.v1.Record.encode(message.checkpoint, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.checkpointInclusion != null && $Object.hasOwnProperty.call(message, "checkpointInclusion"))
                    $root.gdp.v1.InclusionProof.encode(message.checkpointInclusion, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.nodes != null && message.nodes.length)
                    for (let i = 0; i < message.nodes.length; ++i)
                        $root.gdp.v1.KvProofNode.encode(message.nodes[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.nextHeader != null && $Object.hasOwnProperty.call(message, "nextHeader"))
                    $root.gdp.v1.RecordHeader.encode(message.nextHeader, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.nextInclusion != null && $Object.hasOwnProperty.call(message, "nextInclusion"))
                    $root.gdp.v1.InclusionProof.encode(message.nextInclusion, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvProof message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvProof
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvProof & gdp.v1.KvProof.$Shape} KvProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvProof.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvProof();
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
                            message.heartbeat = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.checkpoint = $root.gdp.v1.Record.decode(reader, reader.size(), $undefined, _depth + 1, message.checkpoint);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.checkpointInclusion = $root.gdp.v1.InclusionProof.decode(reader, reader.size(), $undefined, _depth + 1, message.checkpointInclusion);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.nodes && message.nodes.length))
                                message.nodes = [];
                            message.nodes.push($root.gdp.v1.KvProofNode.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.nextHeader = $root.gdp.v1.RecordHeader.decode(reader, reader.size(), $undefined, _depth + 1, message.nextHeader);
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.nextInclusion = $root.gdp.v1.InclusionProof.decode(reader, reader.size(), $undefined, _depth + 1, message.nextInclusion);
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
             * Gets the type url for KvProof
             * @function getTypeUrl
             * @memberof gdp.v1.KvProof
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvProof.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvProof";
            };

            return KvProof;
        })();

        v1.KvReadRequest = (function() {

            /**
             * Properties of a KvReadRequest.
             * @typedef {Object} gdp.v1.KvReadRequest.$Properties
             * @property {number|Long|null} [version] KvReadRequest version
             * @property {number|Long|null} [atUs] KvReadRequest atUs
             * @property {gdp.v1.KvKeys.$Properties|null} [get] KvReadRequest get
             * @property {gdp.v1.KvScan.$Properties|null} [range] KvReadRequest range
             * @property {gdp.v1.KvScan.$Properties|null} [count] KvReadRequest count
             * @property {gdp.v1.KvHistoryQuery.$Properties|null} [history] KvReadRequest history
             * @property {gdp.v1.KvDiffQuery.$Properties|null} [diff] KvReadRequest diff
             * @property {Uint8Array|null} [findBlob] KvReadRequest findBlob
             * @property {gdp.v1.KvKeys.$Properties|null} [proveWrite] KvReadRequest proveWrite
             * @property {boolean|null} [proof] KvReadRequest proof
             * @property {"version"|"atUs"} [at] KvReadRequest at
             * @property {"get"|"range"|"count"|"history"|"diff"|"findBlob"|"proveWrite"} [query] KvReadRequest query
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvReadRequest.
             * @memberof gdp.v1
             * @interface IKvReadRequest
             * @augments gdp.v1.KvReadRequest.$Properties
             * @deprecated Use gdp.v1.KvReadRequest.$Properties instead.
             */

            /**
             * Narrowed shape of a KvReadRequest.
             * @typedef {{
             *   version?: number|Long|null;
             *   atUs?: number|Long|null;
             *   get?: gdp.v1.KvKeys.$Shape|null;
             *   range?: gdp.v1.KvScan.$Shape|null;
             *   count?: gdp.v1.KvScan.$Shape|null;
             *   history?: gdp.v1.KvHistoryQuery.$Shape|null;
             *   diff?: gdp.v1.KvDiffQuery.$Shape|null;
             *   findBlob?: Uint8Array|null;
             *   proveWrite?: gdp.v1.KvKeys.$Shape|null;
             *   proof?: boolean|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ at?: undefined; version?: null; atUs?: null }|{ at?: "version"; version: number|Long; atUs?: null }|{ at?: "atUs"; version?: null; atUs: number|Long })
             * ) & (
             *   ({ query?: undefined; get?: null; range?: null; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "get"; get: gdp.v1.KvKeys.$Shape; range?: null; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "range"; get?: null; range: gdp.v1.KvScan.$Shape; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "count"; get?: null; range?: null; count: gdp.v1.KvScan.$Shape; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "history"; get?: null; range?: null; count?: null; history: gdp.v1.KvHistoryQuery.$Shape; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "diff"; get?: null; range?: null; count?: null; history?: null; diff: gdp.v1.KvDiffQuery.$Shape; findBlob?: null; proveWrite?: null }|{ query?: "findBlob"; get?: null; range?: null; count?: null; history?: null; diff?: null; findBlob: Uint8Array; proveWrite?: null }|{ query?: "proveWrite"; get?: null; range?: null; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite: gdp.v1.KvKeys.$Shape })
             * )} gdp.v1.KvReadRequest.$Shape
             */

            /**
             * Constructs a new KvReadRequest.
             * @memberof gdp.v1
             * @classdesc Represents a KvReadRequest.
             * @constructor
             * @param {gdp.v1.KvReadRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvReadRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvReadRequest version.
             * @member {number|Long|null|undefined} version
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.version = null;

            /**
             * KvReadRequest atUs.
             * @member {number|Long|null|undefined} atUs
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.atUs = null;

            /**
             * KvReadRequest get.
             * @member {gdp.v1.KvKeys.$Properties|null|undefined} get
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.get = null;

            /**
             * KvReadRequest range.
             * @member {gdp.v1.KvScan.$Properties|null|undefined} range
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.range = null;

            /**
             * KvReadRequest count.
             * @member {gdp.v1.KvScan.$Properties|null|undefined} count
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.count = null;

            /**
             * KvReadRequest history.
             * @member {gdp.v1.KvHistoryQuery.$Properties|null|undefined} history
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.history = null;

            /**
             * KvReadRequest diff.
             * @member {gdp.v1.KvDiffQuery.$Properties|null|undefined} diff
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.diff = null;

            /**
             * KvReadRequest findBlob.
             * @member {Uint8Array|null|undefined} findBlob
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.findBlob = null;

            /**
             * KvReadRequest proveWrite.
             * @member {gdp.v1.KvKeys.$Properties|null|undefined} proveWrite
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.proveWrite = null;

            /**
             * KvReadRequest proof.
             * @member {boolean} proof
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            KvReadRequest.prototype.proof = false;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * KvReadRequest at.
             * @member {"version"|"atUs"|undefined} at
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            $Object.defineProperty(KvReadRequest.prototype, "at", {
                get: $util.oneOfGetter($oneOfFields = ["version", "atUs"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * KvReadRequest query.
             * @member {"get"|"range"|"count"|"history"|"diff"|"findBlob"|"proveWrite"|undefined} query
             * @memberof gdp.v1.KvReadRequest
             * @instance
             */
            $Object.defineProperty(KvReadRequest.prototype, "query", {
                get: $util.oneOfGetter($oneOfFields = ["get", "range", "count", "history", "diff", "findBlob", "proveWrite"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new KvReadRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvReadRequest
             * @static
             * @param {gdp.v1.KvReadRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvReadRequest} KvReadRequest instance
             * @type {{
             *   (properties: gdp.v1.KvReadRequest.$Shape): gdp.v1.KvReadRequest & gdp.v1.KvReadRequest.$Shape;
             *   (properties?: gdp.v1.KvReadRequest.$Properties): gdp.v1.KvReadRequest;
             * }}
             */
            KvReadRequest.create = function(properties) {
                return new KvReadRequest(properties);
            };

            /**
             * Encodes the specified KvReadRequest message. Does not implicitly {@link gdp.v1.KvReadRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvReadRequest
             * @static
             * @param {gdp.v1.KvReadRequest.$Properties} message KvReadRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvReadRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version"))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.version);
                if (message.atUs != null && $Object.hasOwnProperty.call(message, "atUs"))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.atUs);
                if (message.get != null && $Object.hasOwnProperty.call(message, "get"))
                    $root.gdp.v1.KvKeys.encode(message.get, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.range != null && $Object.hasOwnProperty.call(message, "range"))
                    $root.gdp.v1.KvScan.encode(message.range, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.count != null && $Object.hasOwnProperty.call(message, "count"))
                    $root.gdp.v1.KvScan.encode(message.count, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.history != null && $Object.hasOwnProperty.call(message, "history"))
                    $root.gdp.v1.KvHistoryQuery.encode(message.history, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.diff != null && $Object.hasOwnProperty.call(message, "diff"))
                    $root.gdp.v1.KvDiffQuery.encode(message.diff, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.findBlob != null && $Object.hasOwnProperty.call(message, "findBlob"))
                    writer.uint32(/* id 8, wireType 2 =*/66).bytes(message.findBlob);
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof") && message.proof !== false)
                    writer.uint32(/* id 9, wireType 0 =*/72).bool(message.proof);
                if (message.proveWrite != null && $Object.hasOwnProperty.call(message, "proveWrite"))
                    $root.gdp.v1.KvKeys.encode(message.proveWrite, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvReadRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvReadRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvReadRequest & gdp.v1.KvReadRequest.$Shape} KvReadRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvReadRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvReadRequest();
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
                            message.version = reader.uint64();
                            message.at = "version";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            message.atUs = reader.uint64();
                            message.at = "atUs";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.get = $root.gdp.v1.KvKeys.decode(reader, reader.size(), $undefined, _depth + 1, message.get);
                            message.query = "get";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.range = $root.gdp.v1.KvScan.decode(reader, reader.size(), $undefined, _depth + 1, message.range);
                            message.query = "range";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.count = $root.gdp.v1.KvScan.decode(reader, reader.size(), $undefined, _depth + 1, message.count);
                            message.query = "count";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.history = $root.gdp.v1.KvHistoryQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.history);
                            message.query = "history";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.diff = $root.gdp.v1.KvDiffQuery.decode(reader, reader.size(), $undefined, _depth + 1, message.diff);
                            message.query = "diff";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message.findBlob = reader.bytes();
                            message.query = "findBlob";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.proveWrite = $root.gdp.v1.KvKeys.decode(reader, reader.size(), $undefined, _depth + 1, message.proveWrite);
                            message.query = "proveWrite";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.proof = value;
                            else
                                delete message.proof;
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
             * Gets the type url for KvReadRequest
             * @function getTypeUrl
             * @memberof gdp.v1.KvReadRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvReadRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvReadRequest";
            };

            return KvReadRequest;
        })();

        v1.KvKeys = (function() {

            /**
             * Properties of a KvKeys.
             * @typedef {Object} gdp.v1.KvKeys.$Properties
             * @property {Array.<Uint8Array>|null} [keys] KvKeys keys
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvKeys.
             * @memberof gdp.v1
             * @interface IKvKeys
             * @augments gdp.v1.KvKeys.$Properties
             * @deprecated Use gdp.v1.KvKeys.$Properties instead.
             */

            /**
             * Shape of a KvKeys.
             * @typedef {gdp.v1.KvKeys.$Properties} gdp.v1.KvKeys.$Shape
             */

            /**
             * Constructs a new KvKeys.
             * @memberof gdp.v1
             * @classdesc Represents a KvKeys.
             * @constructor
             * @param {gdp.v1.KvKeys.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvKeys = function (properties) {
                this.keys = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvKeys keys.
             * @member {Array.<Uint8Array>} keys
             * @memberof gdp.v1.KvKeys
             * @instance
             */
            KvKeys.prototype.keys = $util.emptyArray;

            /**
             * Creates a new KvKeys instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvKeys
             * @static
             * @param {gdp.v1.KvKeys.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvKeys} KvKeys instance
             * @type {{
             *   (properties: gdp.v1.KvKeys.$Shape): gdp.v1.KvKeys & gdp.v1.KvKeys.$Shape;
             *   (properties?: gdp.v1.KvKeys.$Properties): gdp.v1.KvKeys;
             * }}
             */
            KvKeys.create = function(properties) {
                return new KvKeys(properties);
            };

            /**
             * Encodes the specified KvKeys message. Does not implicitly {@link gdp.v1.KvKeys.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvKeys
             * @static
             * @param {gdp.v1.KvKeys.$Properties} message KvKeys message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvKeys.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.keys != null && message.keys.length)
                    for (let i = 0; i < message.keys.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.keys[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvKeys message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvKeys
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvKeys & gdp.v1.KvKeys.$Shape} KvKeys
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvKeys.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvKeys();
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
                            if (!(message.keys && message.keys.length))
                                message.keys = [];
                            message.keys.push(reader.bytes());
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
             * Gets the type url for KvKeys
             * @function getTypeUrl
             * @memberof gdp.v1.KvKeys
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvKeys.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvKeys";
            };

            return KvKeys;
        })();

        v1.KvScan = (function() {

            /**
             * Properties of a KvScan.
             * @typedef {Object} gdp.v1.KvScan.$Properties
             * @property {Uint8Array|null} [gt] KvScan gt
             * @property {Uint8Array|null} [gte] KvScan gte
             * @property {Uint8Array|null} [lt] KvScan lt
             * @property {Uint8Array|null} [lte] KvScan lte
             * @property {Uint8Array|null} [prefix] KvScan prefix
             * @property {boolean|null} [reverse] KvScan reverse
             * @property {number|Long|null} [limit] KvScan limit
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvScan.
             * @memberof gdp.v1
             * @interface IKvScan
             * @augments gdp.v1.KvScan.$Properties
             * @deprecated Use gdp.v1.KvScan.$Properties instead.
             */

            /**
             * Shape of a KvScan.
             * @typedef {gdp.v1.KvScan.$Properties} gdp.v1.KvScan.$Shape
             */

            /**
             * Constructs a new KvScan.
             * @memberof gdp.v1
             * @classdesc Represents a KvScan.
             * @constructor
             * @param {gdp.v1.KvScan.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvScan = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvScan gt.
             * @member {Uint8Array} gt
             * @memberof gdp.v1.KvScan
             * @instance
             */
            KvScan.prototype.gt = $util.newBuffer([]);

            /**
             * KvScan gte.
             * @member {Uint8Array} gte
             * @memberof gdp.v1.KvScan
             * @instance
             */
            KvScan.prototype.gte = $util.newBuffer([]);

            /**
             * KvScan lt.
             * @member {Uint8Array} lt
             * @memberof gdp.v1.KvScan
             * @instance
             */
            KvScan.prototype.lt = $util.newBuffer([]);

            /**
             * KvScan lte.
             * @member {Uint8Array} lte
             * @memberof gdp.v1.KvScan
             * @instance
             */
            KvScan.prototype.lte = $util.newBuffer([]);

            /**
             * KvScan prefix.
             * @member {Uint8Array} prefix
             * @memberof gdp.v1.KvScan
             * @instance
             */
            KvScan.prototype.prefix = $util.newBuffer([]);

            /**
             * KvScan reverse.
             * @member {boolean} reverse
             * @memberof gdp.v1.KvScan
             * @instance
             */
            KvScan.prototype.reverse = false;

            /**
             * KvScan limit.
             * @member {number|Long} limit
             * @memberof gdp.v1.KvScan
             * @instance
             */
            KvScan.prototype.limit = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new KvScan instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvScan
             * @static
             * @param {gdp.v1.KvScan.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvScan} KvScan instance
             * @type {{
             *   (properties: gdp.v1.KvScan.$Shape): gdp.v1.KvScan & gdp.v1.KvScan.$Shape;
             *   (properties?: gdp.v1.KvScan.$Properties): gdp.v1.KvScan;
             * }}
             */
            KvScan.create = function(properties) {
                return new KvScan(properties);
            };

            /**
             * Encodes the specified KvScan message. Does not implicitly {@link gdp.v1.KvScan.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvScan
             * @static
             * @param {gdp.v1.KvScan.$Properties} message KvScan message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvScan.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.gt != null && $Object.hasOwnProperty.call(message, "gt") && message.gt.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.gt);
                if (message.gte != null && $Object.hasOwnProperty.call(message, "gte") && message.gte.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.gte);
                if (message.lt != null && $Object.hasOwnProperty.call(message, "lt") && message.lt.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.lt);
                if (message.lte != null && $Object.hasOwnProperty.call(message, "lte") && message.lte.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.lte);
                if (message.prefix != null && $Object.hasOwnProperty.call(message, "prefix") && message.prefix.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.prefix);
                if (message.reverse != null && $Object.hasOwnProperty.call(message, "reverse") && message.reverse !== false)
                    writer.uint32(/* id 6, wireType 0 =*/48).bool(message.reverse);
                if (message.limit != null && $Object.hasOwnProperty.call(message, "limit") && (typeof message.limit === "object" ? message.limit.low || message.limit.high : message.limit !== 0))
                    writer.uint32(/* id 7, wireType 0 =*/56).uint64(message.limit);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvScan message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvScan
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvScan & gdp.v1.KvScan.$Shape} KvScan
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvScan.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvScan();
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
                                message.gt = value;
                            else
                                delete message.gt;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.gte = value;
                            else
                                delete message.gte;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.lt = value;
                            else
                                delete message.lt;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.lte = value;
                            else
                                delete message.lte;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.prefix = value;
                            else
                                delete message.prefix;
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.reverse = value;
                            else
                                delete message.reverse;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.limit = value;
                            else
                                delete message.limit;
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
             * Gets the type url for KvScan
             * @function getTypeUrl
             * @memberof gdp.v1.KvScan
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvScan.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvScan";
            };

            return KvScan;
        })();

        v1.KvHistoryQuery = (function() {

            /**
             * Properties of a KvHistoryQuery.
             * @typedef {Object} gdp.v1.KvHistoryQuery.$Properties
             * @property {Uint8Array|null} [key] KvHistoryQuery key
             * @property {number|Long|null} [fromSeqno] KvHistoryQuery fromSeqno
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvHistoryQuery.
             * @memberof gdp.v1
             * @interface IKvHistoryQuery
             * @augments gdp.v1.KvHistoryQuery.$Properties
             * @deprecated Use gdp.v1.KvHistoryQuery.$Properties instead.
             */

            /**
             * Shape of a KvHistoryQuery.
             * @typedef {gdp.v1.KvHistoryQuery.$Properties} gdp.v1.KvHistoryQuery.$Shape
             */

            /**
             * Constructs a new KvHistoryQuery.
             * @memberof gdp.v1
             * @classdesc Represents a KvHistoryQuery.
             * @constructor
             * @param {gdp.v1.KvHistoryQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvHistoryQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvHistoryQuery key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.KvHistoryQuery
             * @instance
             */
            KvHistoryQuery.prototype.key = $util.newBuffer([]);

            /**
             * KvHistoryQuery fromSeqno.
             * @member {number|Long} fromSeqno
             * @memberof gdp.v1.KvHistoryQuery
             * @instance
             */
            KvHistoryQuery.prototype.fromSeqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new KvHistoryQuery instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvHistoryQuery
             * @static
             * @param {gdp.v1.KvHistoryQuery.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvHistoryQuery} KvHistoryQuery instance
             * @type {{
             *   (properties: gdp.v1.KvHistoryQuery.$Shape): gdp.v1.KvHistoryQuery & gdp.v1.KvHistoryQuery.$Shape;
             *   (properties?: gdp.v1.KvHistoryQuery.$Properties): gdp.v1.KvHistoryQuery;
             * }}
             */
            KvHistoryQuery.create = function(properties) {
                return new KvHistoryQuery(properties);
            };

            /**
             * Encodes the specified KvHistoryQuery message. Does not implicitly {@link gdp.v1.KvHistoryQuery.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvHistoryQuery
             * @static
             * @param {gdp.v1.KvHistoryQuery.$Properties} message KvHistoryQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvHistoryQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.key);
                if (message.fromSeqno != null && $Object.hasOwnProperty.call(message, "fromSeqno") && (typeof message.fromSeqno === "object" ? message.fromSeqno.low || message.fromSeqno.high : message.fromSeqno !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.fromSeqno);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvHistoryQuery message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvHistoryQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvHistoryQuery & gdp.v1.KvHistoryQuery.$Shape} KvHistoryQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvHistoryQuery.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvHistoryQuery();
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
                                message.key = value;
                            else
                                delete message.key;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.fromSeqno = value;
                            else
                                delete message.fromSeqno;
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
             * Gets the type url for KvHistoryQuery
             * @function getTypeUrl
             * @memberof gdp.v1.KvHistoryQuery
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvHistoryQuery.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvHistoryQuery";
            };

            return KvHistoryQuery;
        })();

        v1.KvDiffQuery = (function() {

            /**
             * Properties of a KvDiffQuery.
             * @typedef {Object} gdp.v1.KvDiffQuery.$Properties
             * @property {number|Long|null} [from] KvDiffQuery from
             * @property {gdp.v1.KvScan.$Properties|null} [range] KvDiffQuery range
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvDiffQuery.
             * @memberof gdp.v1
             * @interface IKvDiffQuery
             * @augments gdp.v1.KvDiffQuery.$Properties
             * @deprecated Use gdp.v1.KvDiffQuery.$Properties instead.
             */

            /**
             * Shape of a KvDiffQuery.
             * @typedef {gdp.v1.KvDiffQuery.$Properties} gdp.v1.KvDiffQuery.$Shape
             */

            /**
             * Constructs a new KvDiffQuery.
             * @memberof gdp.v1
             * @classdesc Represents a KvDiffQuery.
             * @constructor
             * @param {gdp.v1.KvDiffQuery.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvDiffQuery = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvDiffQuery from.
             * @member {number|Long} from
             * @memberof gdp.v1.KvDiffQuery
             * @instance
             */
            KvDiffQuery.prototype.from = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvDiffQuery range.
             * @member {gdp.v1.KvScan.$Properties|null|undefined} range
             * @memberof gdp.v1.KvDiffQuery
             * @instance
             */
            KvDiffQuery.prototype.range = null;

            /**
             * Creates a new KvDiffQuery instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvDiffQuery
             * @static
             * @param {gdp.v1.KvDiffQuery.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvDiffQuery} KvDiffQuery instance
             * @type {{
             *   (properties: gdp.v1.KvDiffQuery.$Shape): gdp.v1.KvDiffQuery & gdp.v1.KvDiffQuery.$Shape;
             *   (properties?: gdp.v1.KvDiffQuery.$Properties): gdp.v1.KvDiffQuery;
             * }}
             */
            KvDiffQuery.create = function(properties) {
                return new KvDiffQuery(properties);
            };

            /**
             * Encodes the specified KvDiffQuery message. Does not implicitly {@link gdp.v1.KvDiffQuery.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvDiffQuery
             * @static
             * @param {gdp.v1.KvDiffQuery.$Properties} message KvDiffQuery message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvDiffQuery.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && (typeof message.from === "object" ? message.from.low || message.from.high : message.from !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.from);
                if (message.range != null && $Object.hasOwnProperty.call(message, "range"))
                    $root.gdp.v1.KvScan.encode(message.range, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvDiffQuery message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvDiffQuery
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvDiffQuery & gdp.v1.KvDiffQuery.$Shape} KvDiffQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvDiffQuery.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvDiffQuery();
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
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.range = $root.gdp.v1.KvScan.decode(reader, reader.size(), $undefined, _depth + 1, message.range);
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
             * Gets the type url for KvDiffQuery
             * @function getTypeUrl
             * @memberof gdp.v1.KvDiffQuery
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvDiffQuery.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvDiffQuery";
            };

            return KvDiffQuery;
        })();

        v1.KvReadResponse = (function() {

            /**
             * Properties of a KvReadResponse.
             * @typedef {Object} gdp.v1.KvReadResponse.$Properties
             * @property {number|Long|null} [version] KvReadResponse version
             * @property {Array.<gdp.v1.KvEntry.$Properties>|null} [entries] KvReadResponse entries
             * @property {number|Long|null} [count] KvReadResponse count
             * @property {Array.<gdp.v1.KvWrite.$Properties>|null} [history] KvReadResponse history
             * @property {Array.<gdp.v1.KvDiffEntry.$Properties>|null} [diff] KvReadResponse diff
             * @property {number|Long|null} [blobSeqno] KvReadResponse blobSeqno
             * @property {boolean|null} [found] KvReadResponse found
             * @property {Uint8Array|null} [proof] KvReadResponse proof
             * @property {boolean|null} [more] KvReadResponse more
             * @property {string|null} [proofMissing] KvReadResponse proofMissing
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvReadResponse.
             * @memberof gdp.v1
             * @interface IKvReadResponse
             * @augments gdp.v1.KvReadResponse.$Properties
             * @deprecated Use gdp.v1.KvReadResponse.$Properties instead.
             */

            /**
             * Shape of a KvReadResponse.
             * @typedef {gdp.v1.KvReadResponse.$Properties} gdp.v1.KvReadResponse.$Shape
             */

            /**
             * Constructs a new KvReadResponse.
             * @memberof gdp.v1
             * @classdesc Represents a KvReadResponse.
             * @constructor
             * @param {gdp.v1.KvReadResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvReadResponse = function (properties) {
                this.entries = [];
                this.history = [];
                this.diff = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvReadResponse version.
             * @member {number|Long} version
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.version = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvReadResponse entries.
             * @member {Array.<gdp.v1.KvEntry.$Properties>} entries
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.entries = $util.emptyArray;

            /**
             * KvReadResponse count.
             * @member {number|Long} count
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.count = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvReadResponse history.
             * @member {Array.<gdp.v1.KvWrite.$Properties>} history
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.history = $util.emptyArray;

            /**
             * KvReadResponse diff.
             * @member {Array.<gdp.v1.KvDiffEntry.$Properties>} diff
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.diff = $util.emptyArray;

            /**
             * KvReadResponse blobSeqno.
             * @member {number|Long} blobSeqno
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.blobSeqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvReadResponse found.
             * @member {boolean} found
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.found = false;

            /**
             * KvReadResponse proof.
             * @member {Uint8Array} proof
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.proof = $util.newBuffer([]);

            /**
             * KvReadResponse more.
             * @member {boolean} more
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.more = false;

            /**
             * KvReadResponse proofMissing.
             * @member {string} proofMissing
             * @memberof gdp.v1.KvReadResponse
             * @instance
             */
            KvReadResponse.prototype.proofMissing = "";

            /**
             * Creates a new KvReadResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvReadResponse
             * @static
             * @param {gdp.v1.KvReadResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvReadResponse} KvReadResponse instance
             * @type {{
             *   (properties: gdp.v1.KvReadResponse.$Shape): gdp.v1.KvReadResponse & gdp.v1.KvReadResponse.$Shape;
             *   (properties?: gdp.v1.KvReadResponse.$Properties): gdp.v1.KvReadResponse;
             * }}
             */
            KvReadResponse.create = function(properties) {
                return new KvReadResponse(properties);
            };

            /**
             * Encodes the specified KvReadResponse message. Does not implicitly {@link gdp.v1.KvReadResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvReadResponse
             * @static
             * @param {gdp.v1.KvReadResponse.$Properties} message KvReadResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvReadResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && (typeof message.version === "object" ? message.version.low || message.version.high : message.version !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.version);
                if (message.entries != null && message.entries.length)
                    for (let i = 0; i < message.entries.length; ++i)
                        $root.gdp.v1.KvEntry.encode(message.entries[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && (typeof message.count === "object" ? message.count.low || message.count.high : message.count !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.count);
                if (message.history != null && message.history.length)
                    for (let i = 0; i < message.history.length; ++i)
                        $root.gdp.v1.KvWrite.encode(message.history[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.diff != null && message.diff.length)
                    for (let i = 0; i < message.diff.length; ++i)
                        $root.gdp.v1.KvDiffEntry.encode(message.diff[i], writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.blobSeqno != null && $Object.hasOwnProperty.call(message, "blobSeqno") && (typeof message.blobSeqno === "object" ? message.blobSeqno.low || message.blobSeqno.high : message.blobSeqno !== 0))
                    writer.uint32(/* id 6, wireType 0 =*/48).uint64(message.blobSeqno);
                if (message.found != null && $Object.hasOwnProperty.call(message, "found") && message.found !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.found);
                if (message.proof != null && $Object.hasOwnProperty.call(message, "proof") && message.proof.length)
                    writer.uint32(/* id 8, wireType 2 =*/66).bytes(message.proof);
                if (message.more != null && $Object.hasOwnProperty.call(message, "more") && message.more !== false)
                    writer.uint32(/* id 9, wireType 0 =*/72).bool(message.more);
                if (message.proofMissing != null && $Object.hasOwnProperty.call(message, "proofMissing") && message.proofMissing !== "")
                    writer.uint32(/* id 10, wireType 2 =*/82).string(message.proofMissing);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvReadResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvReadResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvReadResponse & gdp.v1.KvReadResponse.$Shape} KvReadResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvReadResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvReadResponse();
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
                                message.version = value;
                            else
                                delete message.version;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.entries && message.entries.length))
                                message.entries = [];
                            message.entries.push($root.gdp.v1.KvEntry.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.count = value;
                            else
                                delete message.count;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.history && message.history.length))
                                message.history = [];
                            message.history.push($root.gdp.v1.KvWrite.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if (!(message.diff && message.diff.length))
                                message.diff = [];
                            message.diff.push($root.gdp.v1.KvDiffEntry.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.blobSeqno = value;
                            else
                                delete message.blobSeqno;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.found = value;
                            else
                                delete message.found;
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.proof = value;
                            else
                                delete message.proof;
                            continue;
                        }
                    case 9: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.more = value;
                            else
                                delete message.more;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.proofMissing = value;
                            else
                                delete message.proofMissing;
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
             * Gets the type url for KvReadResponse
             * @function getTypeUrl
             * @memberof gdp.v1.KvReadResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvReadResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvReadResponse";
            };

            return KvReadResponse;
        })();

        v1.KvEntry = (function() {

            /**
             * Properties of a KvEntry.
             * @typedef {Object} gdp.v1.KvEntry.$Properties
             * @property {Uint8Array|null} [key] KvEntry key
             * @property {Uint8Array|null} [value] KvEntry value
             * @property {number|null} [encryptionEpoch] KvEntry encryptionEpoch
             * @property {number|Long|null} [seqno] KvEntry seqno
             * @property {number|Long|null} [timestampUs] KvEntry timestampUs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvEntry.
             * @memberof gdp.v1
             * @interface IKvEntry
             * @augments gdp.v1.KvEntry.$Properties
             * @deprecated Use gdp.v1.KvEntry.$Properties instead.
             */

            /**
             * Shape of a KvEntry.
             * @typedef {gdp.v1.KvEntry.$Properties} gdp.v1.KvEntry.$Shape
             */

            /**
             * Constructs a new KvEntry.
             * @memberof gdp.v1
             * @classdesc Represents a KvEntry.
             * @constructor
             * @param {gdp.v1.KvEntry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvEntry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvEntry key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.KvEntry
             * @instance
             */
            KvEntry.prototype.key = $util.newBuffer([]);

            /**
             * KvEntry value.
             * @member {Uint8Array} value
             * @memberof gdp.v1.KvEntry
             * @instance
             */
            KvEntry.prototype.value = $util.newBuffer([]);

            /**
             * KvEntry encryptionEpoch.
             * @member {number} encryptionEpoch
             * @memberof gdp.v1.KvEntry
             * @instance
             */
            KvEntry.prototype.encryptionEpoch = 0;

            /**
             * KvEntry seqno.
             * @member {number|Long} seqno
             * @memberof gdp.v1.KvEntry
             * @instance
             */
            KvEntry.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvEntry timestampUs.
             * @member {number|Long} timestampUs
             * @memberof gdp.v1.KvEntry
             * @instance
             */
            KvEntry.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new KvEntry instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvEntry
             * @static
             * @param {gdp.v1.KvEntry.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvEntry} KvEntry instance
             * @type {{
             *   (properties: gdp.v1.KvEntry.$Shape): gdp.v1.KvEntry & gdp.v1.KvEntry.$Shape;
             *   (properties?: gdp.v1.KvEntry.$Properties): gdp.v1.KvEntry;
             * }}
             */
            KvEntry.create = function(properties) {
                return new KvEntry(properties);
            };

            /**
             * Encodes the specified KvEntry message. Does not implicitly {@link gdp.v1.KvEntry.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvEntry
             * @static
             * @param {gdp.v1.KvEntry.$Properties} message KvEntry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvEntry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.key);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.value);
                if (message.encryptionEpoch != null && $Object.hasOwnProperty.call(message, "encryptionEpoch") && message.encryptionEpoch !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.encryptionEpoch);
                if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno") && (typeof message.seqno === "object" ? message.seqno.low || message.seqno.high : message.seqno !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.seqno);
                if (message.timestampUs != null && $Object.hasOwnProperty.call(message, "timestampUs") && (typeof message.timestampUs === "object" ? message.timestampUs.low || message.timestampUs.high : message.timestampUs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.timestampUs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvEntry message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvEntry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvEntry & gdp.v1.KvEntry.$Shape} KvEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvEntry.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvEntry();
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
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.encryptionEpoch = value;
                            else
                                delete message.encryptionEpoch;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqno = value;
                            else
                                delete message.seqno;
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
             * Gets the type url for KvEntry
             * @function getTypeUrl
             * @memberof gdp.v1.KvEntry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvEntry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvEntry";
            };

            return KvEntry;
        })();

        v1.KvWrite = (function() {

            /**
             * Properties of a KvWrite.
             * @typedef {Object} gdp.v1.KvWrite.$Properties
             * @property {boolean|null} [put] KvWrite put
             * @property {Uint8Array|null} [value] KvWrite value
             * @property {number|null} [encryptionEpoch] KvWrite encryptionEpoch
             * @property {number|Long|null} [seqno] KvWrite seqno
             * @property {number|Long|null} [timestampUs] KvWrite timestampUs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvWrite.
             * @memberof gdp.v1
             * @interface IKvWrite
             * @augments gdp.v1.KvWrite.$Properties
             * @deprecated Use gdp.v1.KvWrite.$Properties instead.
             */

            /**
             * Shape of a KvWrite.
             * @typedef {gdp.v1.KvWrite.$Properties} gdp.v1.KvWrite.$Shape
             */

            /**
             * Constructs a new KvWrite.
             * @memberof gdp.v1
             * @classdesc Represents a KvWrite.
             * @constructor
             * @param {gdp.v1.KvWrite.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvWrite = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvWrite put.
             * @member {boolean} put
             * @memberof gdp.v1.KvWrite
             * @instance
             */
            KvWrite.prototype.put = false;

            /**
             * KvWrite value.
             * @member {Uint8Array} value
             * @memberof gdp.v1.KvWrite
             * @instance
             */
            KvWrite.prototype.value = $util.newBuffer([]);

            /**
             * KvWrite encryptionEpoch.
             * @member {number} encryptionEpoch
             * @memberof gdp.v1.KvWrite
             * @instance
             */
            KvWrite.prototype.encryptionEpoch = 0;

            /**
             * KvWrite seqno.
             * @member {number|Long} seqno
             * @memberof gdp.v1.KvWrite
             * @instance
             */
            KvWrite.prototype.seqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * KvWrite timestampUs.
             * @member {number|Long} timestampUs
             * @memberof gdp.v1.KvWrite
             * @instance
             */
            KvWrite.prototype.timestampUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new KvWrite instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvWrite
             * @static
             * @param {gdp.v1.KvWrite.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvWrite} KvWrite instance
             * @type {{
             *   (properties: gdp.v1.KvWrite.$Shape): gdp.v1.KvWrite & gdp.v1.KvWrite.$Shape;
             *   (properties?: gdp.v1.KvWrite.$Properties): gdp.v1.KvWrite;
             * }}
             */
            KvWrite.create = function(properties) {
                return new KvWrite(properties);
            };

            /**
             * Encodes the specified KvWrite message. Does not implicitly {@link gdp.v1.KvWrite.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvWrite
             * @static
             * @param {gdp.v1.KvWrite.$Properties} message KvWrite message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvWrite.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.put != null && $Object.hasOwnProperty.call(message, "put") && message.put !== false)
                    writer.uint32(/* id 1, wireType 0 =*/8).bool(message.put);
                if (message.value != null && $Object.hasOwnProperty.call(message, "value") && message.value.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.value);
                if (message.encryptionEpoch != null && $Object.hasOwnProperty.call(message, "encryptionEpoch") && message.encryptionEpoch !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.encryptionEpoch);
                if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno") && (typeof message.seqno === "object" ? message.seqno.low || message.seqno.high : message.seqno !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.seqno);
                if (message.timestampUs != null && $Object.hasOwnProperty.call(message, "timestampUs") && (typeof message.timestampUs === "object" ? message.timestampUs.low || message.timestampUs.high : message.timestampUs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.timestampUs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvWrite message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvWrite
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvWrite & gdp.v1.KvWrite.$Shape} KvWrite
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvWrite.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvWrite();
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
                            if (value = reader.bool())
                                message.put = value;
                            else
                                delete message.put;
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
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.encryptionEpoch = value;
                            else
                                delete message.encryptionEpoch;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.seqno = value;
                            else
                                delete message.seqno;
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
             * Gets the type url for KvWrite
             * @function getTypeUrl
             * @memberof gdp.v1.KvWrite
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvWrite.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvWrite";
            };

            return KvWrite;
        })();

        v1.KvDiffEntry = (function() {

            /**
             * Properties of a KvDiffEntry.
             * @typedef {Object} gdp.v1.KvDiffEntry.$Properties
             * @property {Uint8Array|null} [key] KvDiffEntry key
             * @property {gdp.v1.KvEntry.$Properties|null} [before] KvDiffEntry before
             * @property {gdp.v1.KvEntry.$Properties|null} [after] KvDiffEntry after
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a KvDiffEntry.
             * @memberof gdp.v1
             * @interface IKvDiffEntry
             * @augments gdp.v1.KvDiffEntry.$Properties
             * @deprecated Use gdp.v1.KvDiffEntry.$Properties instead.
             */

            /**
             * Shape of a KvDiffEntry.
             * @typedef {gdp.v1.KvDiffEntry.$Properties} gdp.v1.KvDiffEntry.$Shape
             */

            /**
             * Constructs a new KvDiffEntry.
             * @memberof gdp.v1
             * @classdesc Represents a KvDiffEntry.
             * @constructor
             * @param {gdp.v1.KvDiffEntry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const KvDiffEntry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * KvDiffEntry key.
             * @member {Uint8Array} key
             * @memberof gdp.v1.KvDiffEntry
             * @instance
             */
            KvDiffEntry.prototype.key = $util.newBuffer([]);

            /**
             * KvDiffEntry before.
             * @member {gdp.v1.KvEntry.$Properties|null|undefined} before
             * @memberof gdp.v1.KvDiffEntry
             * @instance
             */
            KvDiffEntry.prototype.before = null;

            /**
             * KvDiffEntry after.
             * @member {gdp.v1.KvEntry.$Properties|null|undefined} after
             * @memberof gdp.v1.KvDiffEntry
             * @instance
             */
            KvDiffEntry.prototype.after = null;

            /**
             * Creates a new KvDiffEntry instance using the specified properties.
             * @function create
             * @memberof gdp.v1.KvDiffEntry
             * @static
             * @param {gdp.v1.KvDiffEntry.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.KvDiffEntry} KvDiffEntry instance
             * @type {{
             *   (properties: gdp.v1.KvDiffEntry.$Shape): gdp.v1.KvDiffEntry & gdp.v1.KvDiffEntry.$Shape;
             *   (properties?: gdp.v1.KvDiffEntry.$Properties): gdp.v1.KvDiffEntry;
             * }}
             */
            KvDiffEntry.create = function(properties) {
                return new KvDiffEntry(properties);
            };

            /**
             * Encodes the specified KvDiffEntry message. Does not implicitly {@link gdp.v1.KvDiffEntry.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.KvDiffEntry
             * @static
             * @param {gdp.v1.KvDiffEntry.$Properties} message KvDiffEntry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            KvDiffEntry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.key != null && $Object.hasOwnProperty.call(message, "key") && message.key.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.key);
                if (message.before != null && $Object.hasOwnProperty.call(message, "before"))
                    $root.gdp.v1.KvEntry.encode(message.before, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.after != null && $Object.hasOwnProperty.call(message, "after"))
                    $root.gdp.v1.KvEntry.encode(message.after, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a KvDiffEntry message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.KvDiffEntry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.KvDiffEntry & gdp.v1.KvDiffEntry.$Shape} KvDiffEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            KvDiffEntry.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.KvDiffEntry();
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
                                message.key = value;
                            else
                                delete message.key;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.before = $root.gdp.v1.KvEntry.decode(reader, reader.size(), $undefined, _depth + 1, message.before);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.after = $root.gdp.v1.KvEntry.decode(reader, reader.size(), $undefined, _depth + 1, message.after);
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
             * Gets the type url for KvDiffEntry
             * @function getTypeUrl
             * @memberof gdp.v1.KvDiffEntry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            KvDiffEntry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.KvDiffEntry";
            };

            return KvDiffEntry;
        })();

        v1.MigrationEntry = (function() {

            /**
             * Properties of a MigrationEntry.
             * @typedef {Object} gdp.v1.MigrationEntry.$Properties
             * @property {gdp.v1.MigrationRound.$Properties|null} [round] MigrationEntry round
             * @property {gdp.v1.MigrationChunk.$Properties|null} [chunk] MigrationEntry chunk
             * @property {gdp.v1.MigrationCommit.$Properties|null} [commit] MigrationEntry commit
             * @property {"round"|"chunk"|"commit"} [entry] MigrationEntry entry
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrationEntry.
             * @memberof gdp.v1
             * @interface IMigrationEntry
             * @augments gdp.v1.MigrationEntry.$Properties
             * @deprecated Use gdp.v1.MigrationEntry.$Properties instead.
             */

            /**
             * Narrowed shape of a MigrationEntry.
             * @typedef {{
             *   round?: gdp.v1.MigrationRound.$Shape|null;
             *   chunk?: gdp.v1.MigrationChunk.$Shape|null;
             *   commit?: gdp.v1.MigrationCommit.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ entry?: undefined; round?: null; chunk?: null; commit?: null }|{ entry?: "round"; round: gdp.v1.MigrationRound.$Shape; chunk?: null; commit?: null }|{ entry?: "chunk"; round?: null; chunk: gdp.v1.MigrationChunk.$Shape; commit?: null }|{ entry?: "commit"; round?: null; chunk?: null; commit: gdp.v1.MigrationCommit.$Shape })
             * )} gdp.v1.MigrationEntry.$Shape
             */

            /**
             * Constructs a new MigrationEntry.
             * @memberof gdp.v1
             * @classdesc Represents a MigrationEntry.
             * @constructor
             * @param {gdp.v1.MigrationEntry.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrationEntry = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrationEntry round.
             * @member {gdp.v1.MigrationRound.$Properties|null|undefined} round
             * @memberof gdp.v1.MigrationEntry
             * @instance
             */
            MigrationEntry.prototype.round = null;

            /**
             * MigrationEntry chunk.
             * @member {gdp.v1.MigrationChunk.$Properties|null|undefined} chunk
             * @memberof gdp.v1.MigrationEntry
             * @instance
             */
            MigrationEntry.prototype.chunk = null;

            /**
             * MigrationEntry commit.
             * @member {gdp.v1.MigrationCommit.$Properties|null|undefined} commit
             * @memberof gdp.v1.MigrationEntry
             * @instance
             */
            MigrationEntry.prototype.commit = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * MigrationEntry entry.
             * @member {"round"|"chunk"|"commit"|undefined} entry
             * @memberof gdp.v1.MigrationEntry
             * @instance
             */
            $Object.defineProperty(MigrationEntry.prototype, "entry", {
                get: $util.oneOfGetter($oneOfFields = ["round", "chunk", "commit"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new MigrationEntry instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrationEntry
             * @static
             * @param {gdp.v1.MigrationEntry.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrationEntry} MigrationEntry instance
             * @type {{
             *   (properties: gdp.v1.MigrationEntry.$Shape): gdp.v1.MigrationEntry & gdp.v1.MigrationEntry.$Shape;
             *   (properties?: gdp.v1.MigrationEntry.$Properties): gdp.v1.MigrationEntry;
             * }}
             */
            MigrationEntry.create = function(properties) {
                return new MigrationEntry(properties);
            };

            /**
             * Encodes the specified MigrationEntry message. Does not implicitly {@link gdp.v1.MigrationEntry.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrationEntry
             * @static
             * @param {gdp.v1.MigrationEntry.$Properties} message MigrationEntry message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrationEntry.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.round != null && $Object.hasOwnProperty.call(message, "round"))
                    $root.gdp.v1.MigrationRound.encode(message.round, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.chunk != null && $Object.hasOwnProperty.call(message, "chunk"))
                    $root.gdp.v1.MigrationChunk.encode(message.chunk, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.commit != null && $Object.hasOwnProperty.call(message, "commit"))
                    $root.gdp.v1.MigrationCommit.encode(message.commit, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrationEntry message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrationEntry
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationEntry & gdp.v1.MigrationEntry.$Shape} MigrationEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrationEntry.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrationEntry();
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
                            message.round = $root.gdp.v1.MigrationRound.decode(reader, reader.size(), $undefined, _depth + 1, message.round);
                            message.entry = "round";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.chunk = $root.gdp.v1.MigrationChunk.decode(reader, reader.size(), $undefined, _depth + 1, message.chunk);
                            message.entry = "chunk";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.commit = $root.gdp.v1.MigrationCommit.decode(reader, reader.size(), $undefined, _depth + 1, message.commit);
                            message.entry = "commit";
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
             * Gets the type url for MigrationEntry
             * @function getTypeUrl
             * @memberof gdp.v1.MigrationEntry
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrationEntry.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrationEntry";
            };

            return MigrationEntry;
        })();

        v1.MigrationRound = (function() {

            /**
             * Properties of a MigrationRound.
             * @typedef {Object} gdp.v1.MigrationRound.$Properties
             * @property {number|null} [round] MigrationRound round
             * @property {boolean|null} [final] MigrationRound final
             * @property {Array.<gdp.v1.MigrationImage.$Properties>|null} [images] MigrationRound images
             * @property {Array.<Uint8Array>|null} [bases] MigrationRound bases
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrationRound.
             * @memberof gdp.v1
             * @interface IMigrationRound
             * @augments gdp.v1.MigrationRound.$Properties
             * @deprecated Use gdp.v1.MigrationRound.$Properties instead.
             */

            /**
             * Shape of a MigrationRound.
             * @typedef {gdp.v1.MigrationRound.$Properties} gdp.v1.MigrationRound.$Shape
             */

            /**
             * Constructs a new MigrationRound.
             * @memberof gdp.v1
             * @classdesc Represents a MigrationRound.
             * @constructor
             * @param {gdp.v1.MigrationRound.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrationRound = function (properties) {
                this.images = [];
                this.bases = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrationRound round.
             * @member {number} round
             * @memberof gdp.v1.MigrationRound
             * @instance
             */
            MigrationRound.prototype.round = 0;

            /**
             * MigrationRound final.
             * @member {boolean} final
             * @memberof gdp.v1.MigrationRound
             * @instance
             */
            MigrationRound.prototype.final = false;

            /**
             * MigrationRound images.
             * @member {Array.<gdp.v1.MigrationImage.$Properties>} images
             * @memberof gdp.v1.MigrationRound
             * @instance
             */
            MigrationRound.prototype.images = $util.emptyArray;

            /**
             * MigrationRound bases.
             * @member {Array.<Uint8Array>} bases
             * @memberof gdp.v1.MigrationRound
             * @instance
             */
            MigrationRound.prototype.bases = $util.emptyArray;

            /**
             * Creates a new MigrationRound instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrationRound
             * @static
             * @param {gdp.v1.MigrationRound.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrationRound} MigrationRound instance
             * @type {{
             *   (properties: gdp.v1.MigrationRound.$Shape): gdp.v1.MigrationRound & gdp.v1.MigrationRound.$Shape;
             *   (properties?: gdp.v1.MigrationRound.$Properties): gdp.v1.MigrationRound;
             * }}
             */
            MigrationRound.create = function(properties) {
                return new MigrationRound(properties);
            };

            /**
             * Encodes the specified MigrationRound message. Does not implicitly {@link gdp.v1.MigrationRound.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrationRound
             * @static
             * @param {gdp.v1.MigrationRound.$Properties} message MigrationRound message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrationRound.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.round != null && $Object.hasOwnProperty.call(message, "round") && message.round !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.round);
                if (message.final != null && $Object.hasOwnProperty.call(message, "final") && message.final !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.final);
                if (message.images != null && message.images.length)
                    for (let i = 0; i < message.images.length; ++i)
                        $root.gdp.v1.MigrationImage.encode(message.images[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.bases != null && message.bases.length)
                    for (let i = 0; i < message.bases.length; ++i)
                        writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.bases[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrationRound message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrationRound
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationRound & gdp.v1.MigrationRound.$Shape} MigrationRound
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrationRound.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrationRound();
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
                                message.round = value;
                            else
                                delete message.round;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.final = value;
                            else
                                delete message.final;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.images && message.images.length))
                                message.images = [];
                            message.images.push($root.gdp.v1.MigrationImage.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.bases && message.bases.length))
                                message.bases = [];
                            message.bases.push(reader.bytes());
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
             * Gets the type url for MigrationRound
             * @function getTypeUrl
             * @memberof gdp.v1.MigrationRound
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrationRound.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrationRound";
            };

            return MigrationRound;
        })();

        v1.MigrationImage = (function() {

            /**
             * Properties of a MigrationImage.
             * @typedef {Object} gdp.v1.MigrationImage.$Properties
             * @property {string|null} [name] MigrationImage name
             * @property {number|Long|null} [size] MigrationImage size
             * @property {number|null} [seed] MigrationImage seed
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrationImage.
             * @memberof gdp.v1
             * @interface IMigrationImage
             * @augments gdp.v1.MigrationImage.$Properties
             * @deprecated Use gdp.v1.MigrationImage.$Properties instead.
             */

            /**
             * Shape of a MigrationImage.
             * @typedef {gdp.v1.MigrationImage.$Properties} gdp.v1.MigrationImage.$Shape
             */

            /**
             * Constructs a new MigrationImage.
             * @memberof gdp.v1
             * @classdesc Represents a MigrationImage.
             * @constructor
             * @param {gdp.v1.MigrationImage.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrationImage = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrationImage name.
             * @member {string} name
             * @memberof gdp.v1.MigrationImage
             * @instance
             */
            MigrationImage.prototype.name = "";

            /**
             * MigrationImage size.
             * @member {number|Long} size
             * @memberof gdp.v1.MigrationImage
             * @instance
             */
            MigrationImage.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MigrationImage seed.
             * @member {number} seed
             * @memberof gdp.v1.MigrationImage
             * @instance
             */
            MigrationImage.prototype.seed = 0;

            /**
             * Creates a new MigrationImage instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrationImage
             * @static
             * @param {gdp.v1.MigrationImage.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrationImage} MigrationImage instance
             * @type {{
             *   (properties: gdp.v1.MigrationImage.$Shape): gdp.v1.MigrationImage & gdp.v1.MigrationImage.$Shape;
             *   (properties?: gdp.v1.MigrationImage.$Properties): gdp.v1.MigrationImage;
             * }}
             */
            MigrationImage.create = function(properties) {
                return new MigrationImage(properties);
            };

            /**
             * Encodes the specified MigrationImage message. Does not implicitly {@link gdp.v1.MigrationImage.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrationImage
             * @static
             * @param {gdp.v1.MigrationImage.$Properties} message MigrationImage message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrationImage.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.name);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.size);
                if (message.seed != null && $Object.hasOwnProperty.call(message, "seed") && message.seed !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.seed);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrationImage message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrationImage
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationImage & gdp.v1.MigrationImage.$Shape} MigrationImage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrationImage.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrationImage();
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
                                message.name = value;
                            else
                                delete message.name;
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
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.seed = value;
                            else
                                delete message.seed;
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
             * Gets the type url for MigrationImage
             * @function getTypeUrl
             * @memberof gdp.v1.MigrationImage
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrationImage.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrationImage";
            };

            return MigrationImage;
        })();

        /**
         * MigrationCodec enum.
         * @name gdp.v1.MigrationCodec
         * @enum {number}
         * @property {number} MIGRATION_CODEC_RAW=0 MIGRATION_CODEC_RAW value
         * @property {number} MIGRATION_CODEC_ZSTD=1 MIGRATION_CODEC_ZSTD value
         * @property {number} MIGRATION_CODEC_GZIP=2 MIGRATION_CODEC_GZIP value
         */
        v1.MigrationCodec = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "MIGRATION_CODEC_RAW"] = 0;
            values[valuesById[1] = "MIGRATION_CODEC_ZSTD"] = 1;
            values[valuesById[2] = "MIGRATION_CODEC_GZIP"] = 2;
            return values;
        })();

        v1.MigrationChunk = (function() {

            /**
             * Properties of a MigrationChunk.
             * @typedef {Object} gdp.v1.MigrationChunk.$Properties
             * @property {gdp.v1.MigrationCodec|null} [codec] MigrationChunk codec
             * @property {number|null} [level] MigrationChunk level
             * @property {number|null} [rawLength] MigrationChunk rawLength
             * @property {Uint8Array|null} [body] MigrationChunk body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrationChunk.
             * @memberof gdp.v1
             * @interface IMigrationChunk
             * @augments gdp.v1.MigrationChunk.$Properties
             * @deprecated Use gdp.v1.MigrationChunk.$Properties instead.
             */

            /**
             * Shape of a MigrationChunk.
             * @typedef {gdp.v1.MigrationChunk.$Properties} gdp.v1.MigrationChunk.$Shape
             */

            /**
             * Constructs a new MigrationChunk.
             * @memberof gdp.v1
             * @classdesc Represents a MigrationChunk.
             * @constructor
             * @param {gdp.v1.MigrationChunk.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrationChunk = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrationChunk codec.
             * @member {gdp.v1.MigrationCodec} codec
             * @memberof gdp.v1.MigrationChunk
             * @instance
             */
            MigrationChunk.prototype.codec = 0;

            /**
             * MigrationChunk level.
             * @member {number} level
             * @memberof gdp.v1.MigrationChunk
             * @instance
             */
            MigrationChunk.prototype.level = 0;

            /**
             * MigrationChunk rawLength.
             * @member {number} rawLength
             * @memberof gdp.v1.MigrationChunk
             * @instance
             */
            MigrationChunk.prototype.rawLength = 0;

            /**
             * MigrationChunk body.
             * @member {Uint8Array} body
             * @memberof gdp.v1.MigrationChunk
             * @instance
             */
            MigrationChunk.prototype.body = $util.newBuffer([]);

            /**
             * Creates a new MigrationChunk instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrationChunk
             * @static
             * @param {gdp.v1.MigrationChunk.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrationChunk} MigrationChunk instance
             * @type {{
             *   (properties: gdp.v1.MigrationChunk.$Shape): gdp.v1.MigrationChunk & gdp.v1.MigrationChunk.$Shape;
             *   (properties?: gdp.v1.MigrationChunk.$Properties): gdp.v1.MigrationChunk;
             * }}
             */
            MigrationChunk.create = function(properties) {
                return new MigrationChunk(properties);
            };

            /**
             * Encodes the specified MigrationChunk message. Does not implicitly {@link gdp.v1.MigrationChunk.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrationChunk
             * @static
             * @param {gdp.v1.MigrationChunk.$Properties} message MigrationChunk message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrationChunk.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.codec != null && $Object.hasOwnProperty.call(message, "codec") && message.codec !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.codec);
                if (message.level != null && $Object.hasOwnProperty.call(message, "level") && message.level !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).sint32(message.level);
                if (message.rawLength != null && $Object.hasOwnProperty.call(message, "rawLength") && message.rawLength !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.rawLength);
                if (message.body != null && $Object.hasOwnProperty.call(message, "body") && message.body.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.body);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrationChunk message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrationChunk
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationChunk & gdp.v1.MigrationChunk.$Shape} MigrationChunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrationChunk.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrationChunk();
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
                                message.codec = value;
                            else
                                delete message.codec;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.sint32())
                                message.level = value;
                            else
                                delete message.level;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.rawLength = value;
                            else
                                delete message.rawLength;
                            continue;
                        }
                    case 4: {
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
             * Gets the type url for MigrationChunk
             * @function getTypeUrl
             * @memberof gdp.v1.MigrationChunk
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrationChunk.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrationChunk";
            };

            return MigrationChunk;
        })();

        v1.MigrationBatch = (function() {

            /**
             * Properties of a MigrationBatch.
             * @typedef {Object} gdp.v1.MigrationBatch.$Properties
             * @property {number|null} [image] MigrationBatch image
             * @property {number|Long|null} [firstBlock] MigrationBatch firstBlock
             * @property {Array.<number|Long>|null} [gaps] MigrationBatch gaps
             * @property {Array.<gdp.v1.MigrationBlockKind>|null} [kinds] MigrationBatch kinds
             * @property {Array.<number>|null} [sources] MigrationBatch sources
             * @property {Array.<number|Long>|null} [sourceBlocks] MigrationBatch sourceBlocks
             * @property {Uint8Array|null} [data] MigrationBatch data
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrationBatch.
             * @memberof gdp.v1
             * @interface IMigrationBatch
             * @augments gdp.v1.MigrationBatch.$Properties
             * @deprecated Use gdp.v1.MigrationBatch.$Properties instead.
             */

            /**
             * Shape of a MigrationBatch.
             * @typedef {gdp.v1.MigrationBatch.$Properties} gdp.v1.MigrationBatch.$Shape
             */

            /**
             * Constructs a new MigrationBatch.
             * @memberof gdp.v1
             * @classdesc Represents a MigrationBatch.
             * @constructor
             * @param {gdp.v1.MigrationBatch.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrationBatch = function (properties) {
                this.gaps = [];
                this.kinds = [];
                this.sources = [];
                this.sourceBlocks = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrationBatch image.
             * @member {number} image
             * @memberof gdp.v1.MigrationBatch
             * @instance
             */
            MigrationBatch.prototype.image = 0;

            /**
             * MigrationBatch firstBlock.
             * @member {number|Long} firstBlock
             * @memberof gdp.v1.MigrationBatch
             * @instance
             */
            MigrationBatch.prototype.firstBlock = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MigrationBatch gaps.
             * @member {Array.<number|Long>} gaps
             * @memberof gdp.v1.MigrationBatch
             * @instance
             */
            MigrationBatch.prototype.gaps = $util.emptyArray;

            /**
             * MigrationBatch kinds.
             * @member {Array.<gdp.v1.MigrationBlockKind>} kinds
             * @memberof gdp.v1.MigrationBatch
             * @instance
             */
            MigrationBatch.prototype.kinds = $util.emptyArray;

            /**
             * MigrationBatch sources.
             * @member {Array.<number>} sources
             * @memberof gdp.v1.MigrationBatch
             * @instance
             */
            MigrationBatch.prototype.sources = $util.emptyArray;

            /**
             * MigrationBatch sourceBlocks.
             * @member {Array.<number|Long>} sourceBlocks
             * @memberof gdp.v1.MigrationBatch
             * @instance
             */
            MigrationBatch.prototype.sourceBlocks = $util.emptyArray;

            /**
             * MigrationBatch data.
             * @member {Uint8Array} data
             * @memberof gdp.v1.MigrationBatch
             * @instance
             */
            MigrationBatch.prototype.data = $util.newBuffer([]);

            /**
             * Creates a new MigrationBatch instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrationBatch
             * @static
             * @param {gdp.v1.MigrationBatch.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrationBatch} MigrationBatch instance
             * @type {{
             *   (properties: gdp.v1.MigrationBatch.$Shape): gdp.v1.MigrationBatch & gdp.v1.MigrationBatch.$Shape;
             *   (properties?: gdp.v1.MigrationBatch.$Properties): gdp.v1.MigrationBatch;
             * }}
             */
            MigrationBatch.create = function(properties) {
                return new MigrationBatch(properties);
            };

            /**
             * Encodes the specified MigrationBatch message. Does not implicitly {@link gdp.v1.MigrationBatch.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrationBatch
             * @static
             * @param {gdp.v1.MigrationBatch.$Properties} message MigrationBatch message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrationBatch.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.image != null && $Object.hasOwnProperty.call(message, "image") && message.image !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.image);
                if (message.firstBlock != null && $Object.hasOwnProperty.call(message, "firstBlock") && (typeof message.firstBlock === "object" ? message.firstBlock.low || message.firstBlock.high : message.firstBlock !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.firstBlock);
                if (message.gaps != null && message.gaps.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).uint64s(message.gaps);
                if (message.kinds != null && message.kinds.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).int32s(message.kinds);
                if (message.sources != null && message.sources.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).uint32s(message.sources);
                if (message.sourceBlocks != null && message.sourceBlocks.length)
                    writer.uint32(/* id 6, wireType 2 =*/50).uint64s(message.sourceBlocks);
                if (message.data != null && $Object.hasOwnProperty.call(message, "data") && message.data.length)
                    writer.uint32(/* id 7, wireType 2 =*/58).bytes(message.data);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrationBatch message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrationBatch
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationBatch & gdp.v1.MigrationBatch.$Shape} MigrationBatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrationBatch.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrationBatch();
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
                                message.image = value;
                            else
                                delete message.image;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.firstBlock = value;
                            else
                                delete message.firstBlock;
                            continue;
                        }
                    case 3: {
                            if (wireType === 2) {
                                if (!(message.gaps && message.gaps.length))
                                    message.gaps = [];
                                reader.uint64s(message.gaps);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.gaps && message.gaps.length))
                                message.gaps = [];
                            message.gaps.push(reader.uint64());
                            continue;
                        }
                    case 4: {
                            if (wireType === 2) {
                                if (!(message.kinds && message.kinds.length))
                                    message.kinds = [];
                                reader.int32s(message.kinds);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.kinds && message.kinds.length))
                                message.kinds = [];
                            message.kinds.push(reader.int32());
                            continue;
                        }
                    case 5: {
                            if (wireType === 2) {
                                if (!(message.sources && message.sources.length))
                                    message.sources = [];
                                reader.uint32s(message.sources);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.sources && message.sources.length))
                                message.sources = [];
                            message.sources.push(reader.uint32());
                            continue;
                        }
                    case 6: {
                            if (wireType === 2) {
                                if (!(message.sourceBlocks && message.sourceBlocks.length))
                                    message.sourceBlocks = [];
                                reader.uint64s(message.sourceBlocks);
                                continue;
                            }
                            if (wireType !== 0)
                                break;
                            if (!(message.sourceBlocks && message.sourceBlocks.length))
                                message.sourceBlocks = [];
                            message.sourceBlocks.push(reader.uint64());
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.data = value;
                            else
                                delete message.data;
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
             * Gets the type url for MigrationBatch
             * @function getTypeUrl
             * @memberof gdp.v1.MigrationBatch
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrationBatch.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrationBatch";
            };

            return MigrationBatch;
        })();

        /**
         * MigrationBlockKind enum.
         * @name gdp.v1.MigrationBlockKind
         * @enum {number}
         * @property {number} MIGRATION_BLOCK_LITERAL=0 MIGRATION_BLOCK_LITERAL value
         * @property {number} MIGRATION_BLOCK_ZERO=1 MIGRATION_BLOCK_ZERO value
         * @property {number} MIGRATION_BLOCK_BASE=2 MIGRATION_BLOCK_BASE value
         * @property {number} MIGRATION_BLOCK_COPY=3 MIGRATION_BLOCK_COPY value
         * @property {number} MIGRATION_BLOCK_XOR_BASE=4 MIGRATION_BLOCK_XOR_BASE value
         */
        v1.MigrationBlockKind = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "MIGRATION_BLOCK_LITERAL"] = 0;
            values[valuesById[1] = "MIGRATION_BLOCK_ZERO"] = 1;
            values[valuesById[2] = "MIGRATION_BLOCK_BASE"] = 2;
            values[valuesById[3] = "MIGRATION_BLOCK_COPY"] = 3;
            values[valuesById[4] = "MIGRATION_BLOCK_XOR_BASE"] = 4;
            return values;
        })();

        v1.MigrationCommit = (function() {

            /**
             * Properties of a MigrationCommit.
             * @typedef {Object} gdp.v1.MigrationCommit.$Properties
             * @property {Array.<Uint8Array>|null} [digests] MigrationCommit digests
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrationCommit.
             * @memberof gdp.v1
             * @interface IMigrationCommit
             * @augments gdp.v1.MigrationCommit.$Properties
             * @deprecated Use gdp.v1.MigrationCommit.$Properties instead.
             */

            /**
             * Shape of a MigrationCommit.
             * @typedef {gdp.v1.MigrationCommit.$Properties} gdp.v1.MigrationCommit.$Shape
             */

            /**
             * Constructs a new MigrationCommit.
             * @memberof gdp.v1
             * @classdesc Represents a MigrationCommit.
             * @constructor
             * @param {gdp.v1.MigrationCommit.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrationCommit = function (properties) {
                this.digests = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrationCommit digests.
             * @member {Array.<Uint8Array>} digests
             * @memberof gdp.v1.MigrationCommit
             * @instance
             */
            MigrationCommit.prototype.digests = $util.emptyArray;

            /**
             * Creates a new MigrationCommit instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrationCommit
             * @static
             * @param {gdp.v1.MigrationCommit.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrationCommit} MigrationCommit instance
             * @type {{
             *   (properties: gdp.v1.MigrationCommit.$Shape): gdp.v1.MigrationCommit & gdp.v1.MigrationCommit.$Shape;
             *   (properties?: gdp.v1.MigrationCommit.$Properties): gdp.v1.MigrationCommit;
             * }}
             */
            MigrationCommit.create = function(properties) {
                return new MigrationCommit(properties);
            };

            /**
             * Encodes the specified MigrationCommit message. Does not implicitly {@link gdp.v1.MigrationCommit.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrationCommit
             * @static
             * @param {gdp.v1.MigrationCommit.$Properties} message MigrationCommit message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrationCommit.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.digests != null && message.digests.length)
                    for (let i = 0; i < message.digests.length; ++i)
                        writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.digests[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrationCommit message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrationCommit
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationCommit & gdp.v1.MigrationCommit.$Shape} MigrationCommit
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrationCommit.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrationCommit();
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
                            if (!(message.digests && message.digests.length))
                                message.digests = [];
                            message.digests.push(reader.bytes());
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
             * Gets the type url for MigrationCommit
             * @function getTypeUrl
             * @memberof gdp.v1.MigrationCommit
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrationCommit.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrationCommit";
            };

            return MigrationCommit;
        })();

        v1.MigrateFrame = (function() {

            /**
             * Properties of a MigrateFrame.
             * @typedef {Object} gdp.v1.MigrateFrame.$Properties
             * @property {gdp.v1.MigrateHello.$Properties|null} [hello] MigrateFrame hello
             * @property {gdp.v1.MigrateWelcome.$Properties|null} [welcome] MigrateFrame welcome
             * @property {gdp.v1.MigrateAppend.$Properties|null} [append] MigrateFrame append
             * @property {gdp.v1.MigrateAck.$Properties|null} [ack] MigrateFrame ack
             * @property {gdp.v1.MigrateError.$Properties|null} [error] MigrateFrame error
             * @property {"hello"|"welcome"|"append"|"ack"|"error"} [frame] MigrateFrame frame
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrateFrame.
             * @memberof gdp.v1
             * @interface IMigrateFrame
             * @augments gdp.v1.MigrateFrame.$Properties
             * @deprecated Use gdp.v1.MigrateFrame.$Properties instead.
             */

            /**
             * Narrowed shape of a MigrateFrame.
             * @typedef {{
             *   hello?: gdp.v1.MigrateHello.$Shape|null;
             *   welcome?: gdp.v1.MigrateWelcome.$Shape|null;
             *   append?: gdp.v1.MigrateAppend.$Shape|null;
             *   ack?: gdp.v1.MigrateAck.$Shape|null;
             *   error?: gdp.v1.MigrateError.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ frame?: undefined; hello?: null; welcome?: null; append?: null; ack?: null; error?: null }|{ frame?: "hello"; hello: gdp.v1.MigrateHello.$Shape; welcome?: null; append?: null; ack?: null; error?: null }|{ frame?: "welcome"; hello?: null; welcome: gdp.v1.MigrateWelcome.$Shape; append?: null; ack?: null; error?: null }|{ frame?: "append"; hello?: null; welcome?: null; append: gdp.v1.MigrateAppend.$Shape; ack?: null; error?: null }|{ frame?: "ack"; hello?: null; welcome?: null; append?: null; ack: gdp.v1.MigrateAck.$Shape; error?: null }|{ frame?: "error"; hello?: null; welcome?: null; append?: null; ack?: null; error: gdp.v1.MigrateError.$Shape })
             * )} gdp.v1.MigrateFrame.$Shape
             */

            /**
             * Constructs a new MigrateFrame.
             * @memberof gdp.v1
             * @classdesc Represents a MigrateFrame.
             * @constructor
             * @param {gdp.v1.MigrateFrame.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrateFrame = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrateFrame hello.
             * @member {gdp.v1.MigrateHello.$Properties|null|undefined} hello
             * @memberof gdp.v1.MigrateFrame
             * @instance
             */
            MigrateFrame.prototype.hello = null;

            /**
             * MigrateFrame welcome.
             * @member {gdp.v1.MigrateWelcome.$Properties|null|undefined} welcome
             * @memberof gdp.v1.MigrateFrame
             * @instance
             */
            MigrateFrame.prototype.welcome = null;

            /**
             * MigrateFrame append.
             * @member {gdp.v1.MigrateAppend.$Properties|null|undefined} append
             * @memberof gdp.v1.MigrateFrame
             * @instance
             */
            MigrateFrame.prototype.append = null;

            /**
             * MigrateFrame ack.
             * @member {gdp.v1.MigrateAck.$Properties|null|undefined} ack
             * @memberof gdp.v1.MigrateFrame
             * @instance
             */
            MigrateFrame.prototype.ack = null;

            /**
             * MigrateFrame error.
             * @member {gdp.v1.MigrateError.$Properties|null|undefined} error
             * @memberof gdp.v1.MigrateFrame
             * @instance
             */
            MigrateFrame.prototype.error = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * MigrateFrame frame.
             * @member {"hello"|"welcome"|"append"|"ack"|"error"|undefined} frame
             * @memberof gdp.v1.MigrateFrame
             * @instance
             */
            $Object.defineProperty(MigrateFrame.prototype, "frame", {
                get: $util.oneOfGetter($oneOfFields = ["hello", "welcome", "append", "ack", "error"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new MigrateFrame instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrateFrame
             * @static
             * @param {gdp.v1.MigrateFrame.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrateFrame} MigrateFrame instance
             * @type {{
             *   (properties: gdp.v1.MigrateFrame.$Shape): gdp.v1.MigrateFrame & gdp.v1.MigrateFrame.$Shape;
             *   (properties?: gdp.v1.MigrateFrame.$Properties): gdp.v1.MigrateFrame;
             * }}
             */
            MigrateFrame.create = function(properties) {
                return new MigrateFrame(properties);
            };

            /**
             * Encodes the specified MigrateFrame message. Does not implicitly {@link gdp.v1.MigrateFrame.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrateFrame
             * @static
             * @param {gdp.v1.MigrateFrame.$Properties} message MigrateFrame message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrateFrame.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.hello != null && $Object.hasOwnProperty.call(message, "hello"))
                    $root.gdp.v1.MigrateHello.encode(message.hello, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.welcome != null && $Object.hasOwnProperty.call(message, "welcome"))
                    $root.gdp.v1.MigrateWelcome.encode(message.welcome, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.append != null && $Object.hasOwnProperty.call(message, "append"))
                    $root.gdp.v1.MigrateAppend.encode(message.append, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.ack != null && $Object.hasOwnProperty.call(message, "ack"))
                    $root.gdp.v1.MigrateAck.encode(message.ack, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.error != null && $Object.hasOwnProperty.call(message, "error"))
                    $root.gdp.v1.MigrateError.encode(message.error, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrateFrame message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrateFrame
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateFrame & gdp.v1.MigrateFrame.$Shape} MigrateFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrateFrame.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrateFrame();
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
                            message.hello = $root.gdp.v1.MigrateHello.decode(reader, reader.size(), $undefined, _depth + 1, message.hello);
                            message.frame = "hello";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.welcome = $root.gdp.v1.MigrateWelcome.decode(reader, reader.size(), $undefined, _depth + 1, message.welcome);
                            message.frame = "welcome";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.append = $root.gdp.v1.MigrateAppend.decode(reader, reader.size(), $undefined, _depth + 1, message.append);
                            message.frame = "append";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.ack = $root.gdp.v1.MigrateAck.decode(reader, reader.size(), $undefined, _depth + 1, message.ack);
                            message.frame = "ack";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.error = $root.gdp.v1.MigrateError.decode(reader, reader.size(), $undefined, _depth + 1, message.error);
                            message.frame = "error";
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
             * Gets the type url for MigrateFrame
             * @function getTypeUrl
             * @memberof gdp.v1.MigrateFrame
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrateFrame.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrateFrame";
            };

            return MigrateFrame;
        })();

        v1.MigrateHello = (function() {

            /**
             * Properties of a MigrateHello.
             * @typedef {Object} gdp.v1.MigrateHello.$Properties
             * @property {gdp.v1.SignedMetadata.$Properties|null} [metadata] MigrateHello metadata
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrateHello.
             * @memberof gdp.v1
             * @interface IMigrateHello
             * @augments gdp.v1.MigrateHello.$Properties
             * @deprecated Use gdp.v1.MigrateHello.$Properties instead.
             */

            /**
             * Shape of a MigrateHello.
             * @typedef {gdp.v1.MigrateHello.$Properties} gdp.v1.MigrateHello.$Shape
             */

            /**
             * Constructs a new MigrateHello.
             * @memberof gdp.v1
             * @classdesc Represents a MigrateHello.
             * @constructor
             * @param {gdp.v1.MigrateHello.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrateHello = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrateHello metadata.
             * @member {gdp.v1.SignedMetadata.$Properties|null|undefined} metadata
             * @memberof gdp.v1.MigrateHello
             * @instance
             */
            MigrateHello.prototype.metadata = null;

            /**
             * Creates a new MigrateHello instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrateHello
             * @static
             * @param {gdp.v1.MigrateHello.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrateHello} MigrateHello instance
             * @type {{
             *   (properties: gdp.v1.MigrateHello.$Shape): gdp.v1.MigrateHello & gdp.v1.MigrateHello.$Shape;
             *   (properties?: gdp.v1.MigrateHello.$Properties): gdp.v1.MigrateHello;
             * }}
             */
            MigrateHello.create = function(properties) {
                return new MigrateHello(properties);
            };

            /**
             * Encodes the specified MigrateHello message. Does not implicitly {@link gdp.v1.MigrateHello.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrateHello
             * @static
             * @param {gdp.v1.MigrateHello.$Properties} message MigrateHello message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrateHello.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.metadata != null && $Object.hasOwnProperty.call(message, "metadata"))
                    $root.gdp.v1.SignedMetadata.encode(message.metadata, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrateHello message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrateHello
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateHello & gdp.v1.MigrateHello.$Shape} MigrateHello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrateHello.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrateHello();
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
             * Gets the type url for MigrateHello
             * @function getTypeUrl
             * @memberof gdp.v1.MigrateHello
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrateHello.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrateHello";
            };

            return MigrateHello;
        })();

        v1.MigrateWelcome = (function() {

            /**
             * Properties of a MigrateWelcome.
             * @typedef {Object} gdp.v1.MigrateWelcome.$Properties
             * @property {number|Long|null} [applied] MigrateWelcome applied
             * @property {Array.<Uint8Array>|null} [bases] MigrateWelcome bases
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrateWelcome.
             * @memberof gdp.v1
             * @interface IMigrateWelcome
             * @augments gdp.v1.MigrateWelcome.$Properties
             * @deprecated Use gdp.v1.MigrateWelcome.$Properties instead.
             */

            /**
             * Shape of a MigrateWelcome.
             * @typedef {gdp.v1.MigrateWelcome.$Properties} gdp.v1.MigrateWelcome.$Shape
             */

            /**
             * Constructs a new MigrateWelcome.
             * @memberof gdp.v1
             * @classdesc Represents a MigrateWelcome.
             * @constructor
             * @param {gdp.v1.MigrateWelcome.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrateWelcome = function (properties) {
                this.bases = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrateWelcome applied.
             * @member {number|Long} applied
             * @memberof gdp.v1.MigrateWelcome
             * @instance
             */
            MigrateWelcome.prototype.applied = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MigrateWelcome bases.
             * @member {Array.<Uint8Array>} bases
             * @memberof gdp.v1.MigrateWelcome
             * @instance
             */
            MigrateWelcome.prototype.bases = $util.emptyArray;

            /**
             * Creates a new MigrateWelcome instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrateWelcome
             * @static
             * @param {gdp.v1.MigrateWelcome.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrateWelcome} MigrateWelcome instance
             * @type {{
             *   (properties: gdp.v1.MigrateWelcome.$Shape): gdp.v1.MigrateWelcome & gdp.v1.MigrateWelcome.$Shape;
             *   (properties?: gdp.v1.MigrateWelcome.$Properties): gdp.v1.MigrateWelcome;
             * }}
             */
            MigrateWelcome.create = function(properties) {
                return new MigrateWelcome(properties);
            };

            /**
             * Encodes the specified MigrateWelcome message. Does not implicitly {@link gdp.v1.MigrateWelcome.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrateWelcome
             * @static
             * @param {gdp.v1.MigrateWelcome.$Properties} message MigrateWelcome message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrateWelcome.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.applied != null && $Object.hasOwnProperty.call(message, "applied") && (typeof message.applied === "object" ? message.applied.low || message.applied.high : message.applied !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.applied);
                if (message.bases != null && message.bases.length)
                    for (let i = 0; i < message.bases.length; ++i)
                        writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.bases[i]);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrateWelcome message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrateWelcome
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateWelcome & gdp.v1.MigrateWelcome.$Shape} MigrateWelcome
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrateWelcome.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrateWelcome();
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
                                message.applied = value;
                            else
                                delete message.applied;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.bases && message.bases.length))
                                message.bases = [];
                            message.bases.push(reader.bytes());
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
             * Gets the type url for MigrateWelcome
             * @function getTypeUrl
             * @memberof gdp.v1.MigrateWelcome
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrateWelcome.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrateWelcome";
            };

            return MigrateWelcome;
        })();

        v1.MigrateAppend = (function() {

            /**
             * Properties of a MigrateAppend.
             * @typedef {Object} gdp.v1.MigrateAppend.$Properties
             * @property {Array.<gdp.v1.Record.$Properties>|null} [records] MigrateAppend records
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [heartbeat] MigrateAppend heartbeat
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrateAppend.
             * @memberof gdp.v1
             * @interface IMigrateAppend
             * @augments gdp.v1.MigrateAppend.$Properties
             * @deprecated Use gdp.v1.MigrateAppend.$Properties instead.
             */

            /**
             * Shape of a MigrateAppend.
             * @typedef {gdp.v1.MigrateAppend.$Properties} gdp.v1.MigrateAppend.$Shape
             */

            /**
             * Constructs a new MigrateAppend.
             * @memberof gdp.v1
             * @classdesc Represents a MigrateAppend.
             * @constructor
             * @param {gdp.v1.MigrateAppend.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrateAppend = function (properties) {
                this.records = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrateAppend records.
             * @member {Array.<gdp.v1.Record.$Properties>} records
             * @memberof gdp.v1.MigrateAppend
             * @instance
             */
            MigrateAppend.prototype.records = $util.emptyArray;

            /**
             * MigrateAppend heartbeat.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} heartbeat
             * @memberof gdp.v1.MigrateAppend
             * @instance
             */
            MigrateAppend.prototype.heartbeat = null;

            /**
             * Creates a new MigrateAppend instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrateAppend
             * @static
             * @param {gdp.v1.MigrateAppend.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrateAppend} MigrateAppend instance
             * @type {{
             *   (properties: gdp.v1.MigrateAppend.$Shape): gdp.v1.MigrateAppend & gdp.v1.MigrateAppend.$Shape;
             *   (properties?: gdp.v1.MigrateAppend.$Properties): gdp.v1.MigrateAppend;
             * }}
             */
            MigrateAppend.create = function(properties) {
                return new MigrateAppend(properties);
            };

            /**
             * Encodes the specified MigrateAppend message. Does not implicitly {@link gdp.v1.MigrateAppend.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrateAppend
             * @static
             * @param {gdp.v1.MigrateAppend.$Properties} message MigrateAppend message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrateAppend.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.records != null && message.records.length)
                    for (let i = 0; i < message.records.length; ++i)
                        $root.gdp.v1.Record.encode(message.records[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.heartbeat, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrateAppend message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrateAppend
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateAppend & gdp.v1.MigrateAppend.$Shape} MigrateAppend
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrateAppend.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrateAppend();
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
                            if (!(message.records && message.records.length))
                                message.records = [];
                            message.records.push($root.gdp.v1.Record.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
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
             * Gets the type url for MigrateAppend
             * @function getTypeUrl
             * @memberof gdp.v1.MigrateAppend
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrateAppend.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrateAppend";
            };

            return MigrateAppend;
        })();

        v1.MigrateAck = (function() {

            /**
             * Properties of a MigrateAck.
             * @typedef {Object} gdp.v1.MigrateAck.$Properties
             * @property {number|Long|null} [applied] MigrateAck applied
             * @property {boolean|null} [complete] MigrateAck complete
             * @property {string|null} [folder] MigrateAck folder
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrateAck.
             * @memberof gdp.v1
             * @interface IMigrateAck
             * @augments gdp.v1.MigrateAck.$Properties
             * @deprecated Use gdp.v1.MigrateAck.$Properties instead.
             */

            /**
             * Shape of a MigrateAck.
             * @typedef {gdp.v1.MigrateAck.$Properties} gdp.v1.MigrateAck.$Shape
             */

            /**
             * Constructs a new MigrateAck.
             * @memberof gdp.v1
             * @classdesc Represents a MigrateAck.
             * @constructor
             * @param {gdp.v1.MigrateAck.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrateAck = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrateAck applied.
             * @member {number|Long} applied
             * @memberof gdp.v1.MigrateAck
             * @instance
             */
            MigrateAck.prototype.applied = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * MigrateAck complete.
             * @member {boolean} complete
             * @memberof gdp.v1.MigrateAck
             * @instance
             */
            MigrateAck.prototype.complete = false;

            /**
             * MigrateAck folder.
             * @member {string} folder
             * @memberof gdp.v1.MigrateAck
             * @instance
             */
            MigrateAck.prototype.folder = "";

            /**
             * Creates a new MigrateAck instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrateAck
             * @static
             * @param {gdp.v1.MigrateAck.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrateAck} MigrateAck instance
             * @type {{
             *   (properties: gdp.v1.MigrateAck.$Shape): gdp.v1.MigrateAck & gdp.v1.MigrateAck.$Shape;
             *   (properties?: gdp.v1.MigrateAck.$Properties): gdp.v1.MigrateAck;
             * }}
             */
            MigrateAck.create = function(properties) {
                return new MigrateAck(properties);
            };

            /**
             * Encodes the specified MigrateAck message. Does not implicitly {@link gdp.v1.MigrateAck.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrateAck
             * @static
             * @param {gdp.v1.MigrateAck.$Properties} message MigrateAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrateAck.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.applied != null && $Object.hasOwnProperty.call(message, "applied") && (typeof message.applied === "object" ? message.applied.low || message.applied.high : message.applied !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.applied);
                if (message.complete != null && $Object.hasOwnProperty.call(message, "complete") && message.complete !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.complete);
                if (message.folder != null && $Object.hasOwnProperty.call(message, "folder") && message.folder !== "")
                    writer.uint32(/* id 3, wireType 2 =*/26).string(message.folder);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrateAck message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrateAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateAck & gdp.v1.MigrateAck.$Shape} MigrateAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrateAck.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrateAck();
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
                                message.applied = value;
                            else
                                delete message.applied;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.complete = value;
                            else
                                delete message.complete;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.folder = value;
                            else
                                delete message.folder;
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
             * Gets the type url for MigrateAck
             * @function getTypeUrl
             * @memberof gdp.v1.MigrateAck
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrateAck.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrateAck";
            };

            return MigrateAck;
        })();

        v1.MigrateError = (function() {

            /**
             * Properties of a MigrateError.
             * @typedef {Object} gdp.v1.MigrateError.$Properties
             * @property {string|null} [code] MigrateError code
             * @property {string|null} [message] MigrateError message
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a MigrateError.
             * @memberof gdp.v1
             * @interface IMigrateError
             * @augments gdp.v1.MigrateError.$Properties
             * @deprecated Use gdp.v1.MigrateError.$Properties instead.
             */

            /**
             * Shape of a MigrateError.
             * @typedef {gdp.v1.MigrateError.$Properties} gdp.v1.MigrateError.$Shape
             */

            /**
             * Constructs a new MigrateError.
             * @memberof gdp.v1
             * @classdesc Represents a MigrateError.
             * @constructor
             * @param {gdp.v1.MigrateError.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const MigrateError = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * MigrateError code.
             * @member {string} code
             * @memberof gdp.v1.MigrateError
             * @instance
             */
            MigrateError.prototype.code = "";

            /**
             * MigrateError message.
             * @member {string} message
             * @memberof gdp.v1.MigrateError
             * @instance
             */
            MigrateError.prototype.message = "";

            /**
             * Creates a new MigrateError instance using the specified properties.
             * @function create
             * @memberof gdp.v1.MigrateError
             * @static
             * @param {gdp.v1.MigrateError.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.MigrateError} MigrateError instance
             * @type {{
             *   (properties: gdp.v1.MigrateError.$Shape): gdp.v1.MigrateError & gdp.v1.MigrateError.$Shape;
             *   (properties?: gdp.v1.MigrateError.$Properties): gdp.v1.MigrateError;
             * }}
             */
            MigrateError.create = function(properties) {
                return new MigrateError(properties);
            };

            /**
             * Encodes the specified MigrateError message. Does not implicitly {@link gdp.v1.MigrateError.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.MigrateError
             * @static
             * @param {gdp.v1.MigrateError.$Properties} message MigrateError message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            MigrateError.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.code != null && $Object.hasOwnProperty.call(message, "code") && message.code !== "")
                    writer.uint32(/* id 1, wireType 2 =*/10).string(message.code);
                if (message.message != null && $Object.hasOwnProperty.call(message, "message") && message.message !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.message);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a MigrateError message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.MigrateError
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateError & gdp.v1.MigrateError.$Shape} MigrateError
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            MigrateError.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.MigrateError();
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
                                message.code = value;
                            else
                                delete message.code;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.message = value;
                            else
                                delete message.message;
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
             * Gets the type url for MigrateError
             * @function getTypeUrl
             * @memberof gdp.v1.MigrateError
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            MigrateError.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.MigrateError";
            };

            return MigrateError;
        })();

        v1.Pdu = (function() {

            /**
             * Properties of a Pdu.
             * @typedef {Object} gdp.v1.Pdu.$Properties
             * @property {number|null} [version] Pdu version
             * @property {Uint8Array|null} [destination] Pdu destination
             * @property {Uint8Array|null} [source] Pdu source
             * @property {number|null} [ttl] Pdu ttl
             * @property {Uint8Array|null} [nonce] Pdu nonce
             * @property {gdp.v1.Request.$Properties|null} [request] Pdu request
             * @property {gdp.v1.Response.$Properties|null} [response] Pdu response
             * @property {gdp.v1.Nack.$Properties|null} [nack] Pdu nack
             * @property {gdp.v1.SignedAdvertisement.$Properties|null} [advertisement] Pdu advertisement
             * @property {gdp.v1.SignedRouteAnnouncement.$Properties|null} [announcement] Pdu announcement
             * @property {gdp.v1.AdvertisementResync.$Properties|null} [resync] Pdu resync
             * @property {"request"|"response"|"nack"|"advertisement"|"announcement"|"resync"} [body] Pdu body
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Pdu.
             * @memberof gdp.v1
             * @interface IPdu
             * @augments gdp.v1.Pdu.$Properties
             * @deprecated Use gdp.v1.Pdu.$Properties instead.
             */

            /**
             * Narrowed shape of a Pdu.
             * @typedef {{
             *   version?: number|null;
             *   destination?: Uint8Array|null;
             *   source?: Uint8Array|null;
             *   ttl?: number|null;
             *   nonce?: Uint8Array|null;
             *   request?: gdp.v1.Request.$Shape|null;
             *   response?: gdp.v1.Response.$Shape|null;
             *   nack?: gdp.v1.Nack.$Shape|null;
             *   advertisement?: gdp.v1.SignedAdvertisement.$Shape|null;
             *   announcement?: gdp.v1.SignedRouteAnnouncement.$Shape|null;
             *   resync?: gdp.v1.AdvertisementResync.$Shape|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ body?: undefined; request?: null; response?: null; nack?: null; advertisement?: null; announcement?: null; resync?: null }|{ body?: "request"; request: gdp.v1.Request.$Shape; response?: null; nack?: null; advertisement?: null; announcement?: null; resync?: null }|{ body?: "response"; request?: null; response: gdp.v1.Response.$Shape; nack?: null; advertisement?: null; announcement?: null; resync?: null }|{ body?: "nack"; request?: null; response?: null; nack: gdp.v1.Nack.$Shape; advertisement?: null; announcement?: null; resync?: null }|{ body?: "advertisement"; request?: null; response?: null; nack?: null; advertisement: gdp.v1.SignedAdvertisement.$Shape; announcement?: null; resync?: null }|{ body?: "announcement"; request?: null; response?: null; nack?: null; advertisement?: null; announcement: gdp.v1.SignedRouteAnnouncement.$Shape; resync?: null }|{ body?: "resync"; request?: null; response?: null; nack?: null; advertisement?: null; announcement?: null; resync: gdp.v1.AdvertisementResync.$Shape })
             * )} gdp.v1.Pdu.$Shape
             */

            /**
             * Constructs a new Pdu.
             * @memberof gdp.v1
             * @classdesc Represents a Pdu.
             * @constructor
             * @param {gdp.v1.Pdu.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Pdu = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Pdu version.
             * @member {number} version
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.version = 0;

            /**
             * Pdu destination.
             * @member {Uint8Array} destination
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.destination = $util.newBuffer([]);

            /**
             * Pdu source.
             * @member {Uint8Array} source
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.source = $util.newBuffer([]);

            /**
             * Pdu ttl.
             * @member {number} ttl
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.ttl = 0;

            /**
             * Pdu nonce.
             * @member {Uint8Array} nonce
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.nonce = $util.newBuffer([]);

            /**
             * Pdu request.
             * @member {gdp.v1.Request.$Properties|null|undefined} request
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.request = null;

            /**
             * Pdu response.
             * @member {gdp.v1.Response.$Properties|null|undefined} response
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.response = null;

            /**
             * Pdu nack.
             * @member {gdp.v1.Nack.$Properties|null|undefined} nack
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.nack = null;

            /**
             * Pdu advertisement.
             * @member {gdp.v1.SignedAdvertisement.$Properties|null|undefined} advertisement
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.advertisement = null;

            /**
             * Pdu announcement.
             * @member {gdp.v1.SignedRouteAnnouncement.$Properties|null|undefined} announcement
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.announcement = null;

            /**
             * Pdu resync.
             * @member {gdp.v1.AdvertisementResync.$Properties|null|undefined} resync
             * @memberof gdp.v1.Pdu
             * @instance
             */
            Pdu.prototype.resync = null;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Pdu body.
             * @member {"request"|"response"|"nack"|"advertisement"|"announcement"|"resync"|undefined} body
             * @memberof gdp.v1.Pdu
             * @instance
             */
            $Object.defineProperty(Pdu.prototype, "body", {
                get: $util.oneOfGetter($oneOfFields = ["request", "response", "nack", "advertisement", "announcement", "resync"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Pdu instance using the specified properties.
             * @function create
             * @memberof gdp.v1.Pdu
             * @static
             * @param {gdp.v1.Pdu.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.Pdu} Pdu instance
             * @type {{
             *   (properties: gdp.v1.Pdu.$Shape): gdp.v1.Pdu & gdp.v1.Pdu.$Shape;
             *   (properties?: gdp.v1.Pdu.$Properties): gdp.v1.Pdu;
             * }}
             */
            Pdu.create = function(properties) {
                return new Pdu(properties);
            };

            /**
             * Encodes the specified Pdu message. Does not implicitly {@link gdp.v1.Pdu.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.Pdu
             * @static
             * @param {gdp.v1.Pdu.$Properties} message Pdu message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Pdu.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.version != null && $Object.hasOwnProperty.call(message, "version") && message.version !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.version);
                if (message.destination != null && $Object.hasOwnProperty.call(message, "destination") && message.destination.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.destination);
                if (message.source != null && $Object.hasOwnProperty.call(message, "source") && message.source.length)
                    writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.source);
                if (message.ttl != null && $Object.hasOwnProperty.call(message, "ttl") && message.ttl !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.ttl);
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.nonce);
                if (message.request != null && $Object.hasOwnProperty.call(message, "request"))
                    $root.gdp.v1.Request.encode(message.request, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.response != null && $Object.hasOwnProperty.call(message, "response"))
                    $root.gdp.v1.Response.encode(message.response, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.nack != null && $Object.hasOwnProperty.call(message, "nack"))
                    $root.gdp.v1.Nack.encode(message.nack, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.advertisement != null && $Object.hasOwnProperty.call(message, "advertisement"))
                    $root.gdp.v1.SignedAdvertisement.encode(message.advertisement, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.announcement != null && $Object.hasOwnProperty.call(message, "announcement"))
                    $root.gdp.v1.SignedRouteAnnouncement.encode(message.announcement, writer.uint32(/* id 14, wireType 2 =*/114).fork(), _depth + 1).ldelim();
                if (message.resync != null && $Object.hasOwnProperty.call(message, "resync"))
                    $root.gdp.v1.AdvertisementResync.encode(message.resync, writer.uint32(/* id 15, wireType 2 =*/122).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Pdu message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.Pdu
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.Pdu & gdp.v1.Pdu.$Shape} Pdu
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Pdu.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.Pdu();
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
                            if ((value = reader.bytes()).length)
                                message.destination = value;
                            else
                                delete message.destination;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.source = value;
                            else
                                delete message.source;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.ttl = value;
                            else
                                delete message.ttl;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.nonce = value;
                            else
                                delete message.nonce;
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.request = $root.gdp.v1.Request.decode(reader, reader.size(), $undefined, _depth + 1, message.request);
                            message.body = "request";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.response = $root.gdp.v1.Response.decode(reader, reader.size(), $undefined, _depth + 1, message.response);
                            message.body = "response";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.nack = $root.gdp.v1.Nack.decode(reader, reader.size(), $undefined, _depth + 1, message.nack);
                            message.body = "nack";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.advertisement = $root.gdp.v1.SignedAdvertisement.decode(reader, reader.size(), $undefined, _depth + 1, message.advertisement);
                            message.body = "advertisement";
                            continue;
                        }
                    case 14: {
                            if (wireType !== 2)
                                break;
                            message.announcement = $root.gdp.v1.SignedRouteAnnouncement.decode(reader, reader.size(), $undefined, _depth + 1, message.announcement);
                            message.body = "announcement";
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            message.resync = $root.gdp.v1.AdvertisementResync.decode(reader, reader.size(), $undefined, _depth + 1, message.resync);
                            message.body = "resync";
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
             * Gets the type url for Pdu
             * @function getTypeUrl
             * @memberof gdp.v1.Pdu
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Pdu.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.Pdu";
            };

            return Pdu;
        })();

        /**
         * NackReason enum.
         * @name gdp.v1.NackReason
         * @enum {number}
         * @property {number} NACK_REASON_UNSPECIFIED=0 NACK_REASON_UNSPECIFIED value
         * @property {number} NO_ROUTE=1 NO_ROUTE value
         * @property {number} EXPIRED=2 EXPIRED value
         * @property {number} UNAUTHORIZED=3 UNAUTHORIZED value
         * @property {number} CONGESTION=4 CONGESTION value
         * @property {number} TOO_LARGE=5 TOO_LARGE value
         * @property {number} LOOP=6 LOOP value
         * @property {number} MALFORMED=7 MALFORMED value
         * @property {number} UNSUPPORTED_VERSION=8 UNSUPPORTED_VERSION value
         * @property {number} NOT_FOUND=9 NOT_FOUND value
         * @property {number} CONFLICT=10 CONFLICT value
         * @property {number} SERVER_ERROR=11 SERVER_ERROR value
         * @property {number} QUOTA_EXCEEDED=12 QUOTA_EXCEEDED value
         * @property {number} QUORUM_NOT_REACHED=13 QUORUM_NOT_REACHED value
         * @property {number} MOVED=14 MOVED value
         */
        v1.NackReason = (function() {
            const valuesById = $Object.create(null), values = $Object.create(valuesById);
            values[valuesById[0] = "NACK_REASON_UNSPECIFIED"] = 0;
            values[valuesById[1] = "NO_ROUTE"] = 1;
            values[valuesById[2] = "EXPIRED"] = 2;
            values[valuesById[3] = "UNAUTHORIZED"] = 3;
            values[valuesById[4] = "CONGESTION"] = 4;
            values[valuesById[5] = "TOO_LARGE"] = 5;
            values[valuesById[6] = "LOOP"] = 6;
            values[valuesById[7] = "MALFORMED"] = 7;
            values[valuesById[8] = "UNSUPPORTED_VERSION"] = 8;
            values[valuesById[9] = "NOT_FOUND"] = 9;
            values[valuesById[10] = "CONFLICT"] = 10;
            values[valuesById[11] = "SERVER_ERROR"] = 11;
            values[valuesById[12] = "QUOTA_EXCEEDED"] = 12;
            values[valuesById[13] = "QUORUM_NOT_REACHED"] = 13;
            values[valuesById[14] = "MOVED"] = 14;
            return values;
        })();

        v1.Nack = (function() {

            /**
             * Properties of a Nack.
             * @typedef {Object} gdp.v1.Nack.$Properties
             * @property {gdp.v1.NackReason|null} [reason] Nack reason
             * @property {string|null} [detail] Nack detail
             * @property {gdp.v1.SignedCapsuleDeletion.$Properties|null} [deletion] Nack deletion
             * @property {Uint8Array|null} [movedTo] Nack movedTo
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Nack.
             * @memberof gdp.v1
             * @interface INack
             * @augments gdp.v1.Nack.$Properties
             * @deprecated Use gdp.v1.Nack.$Properties instead.
             */

            /**
             * Shape of a Nack.
             * @typedef {gdp.v1.Nack.$Properties} gdp.v1.Nack.$Shape
             */

            /**
             * Constructs a new Nack.
             * @memberof gdp.v1
             * @classdesc Represents a Nack.
             * @constructor
             * @param {gdp.v1.Nack.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Nack = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Nack reason.
             * @member {gdp.v1.NackReason} reason
             * @memberof gdp.v1.Nack
             * @instance
             */
            Nack.prototype.reason = 0;

            /**
             * Nack detail.
             * @member {string} detail
             * @memberof gdp.v1.Nack
             * @instance
             */
            Nack.prototype.detail = "";

            /**
             * Nack deletion.
             * @member {gdp.v1.SignedCapsuleDeletion.$Properties|null|undefined} deletion
             * @memberof gdp.v1.Nack
             * @instance
             */
            Nack.prototype.deletion = null;

            /**
             * Nack movedTo.
             * @member {Uint8Array} movedTo
             * @memberof gdp.v1.Nack
             * @instance
             */
            Nack.prototype.movedTo = $util.newBuffer([]);

            /**
             * Creates a new Nack instance using the specified properties.
             * @function create
             * @memberof gdp.v1.Nack
             * @static
             * @param {gdp.v1.Nack.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.Nack} Nack instance
             * @type {{
             *   (properties: gdp.v1.Nack.$Shape): gdp.v1.Nack & gdp.v1.Nack.$Shape;
             *   (properties?: gdp.v1.Nack.$Properties): gdp.v1.Nack;
             * }}
             */
            Nack.create = function(properties) {
                return new Nack(properties);
            };

            /**
             * Encodes the specified Nack message. Does not implicitly {@link gdp.v1.Nack.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.Nack
             * @static
             * @param {gdp.v1.Nack.$Properties} message Nack message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Nack.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).int32(message.reason);
                if (message.detail != null && $Object.hasOwnProperty.call(message, "detail") && message.detail !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.detail);
                if (message.deletion != null && $Object.hasOwnProperty.call(message, "deletion"))
                    $root.gdp.v1.SignedCapsuleDeletion.encode(message.deletion, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.movedTo != null && $Object.hasOwnProperty.call(message, "movedTo") && message.movedTo.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.movedTo);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Nack message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.Nack
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.Nack & gdp.v1.Nack.$Shape} Nack
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Nack.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.Nack();
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
                                message.reason = value;
                            else
                                delete message.reason;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.detail = value;
                            else
                                delete message.detail;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.deletion = $root.gdp.v1.SignedCapsuleDeletion.decode(reader, reader.size(), $undefined, _depth + 1, message.deletion);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.movedTo = value;
                            else
                                delete message.movedTo;
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
             * Gets the type url for Nack
             * @function getTypeUrl
             * @memberof gdp.v1.Nack
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Nack.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.Nack";
            };

            return Nack;
        })();

        v1.Request = (function() {

            /**
             * Properties of a Request.
             * @typedef {Object} gdp.v1.Request.$Properties
             * @property {gdp.v1.CreateRequest.$Properties|null} [create] Request create
             * @property {gdp.v1.AppendRequest.$Properties|null} [append] Request append
             * @property {gdp.v1.ReadRequest.$Properties|null} [read] Request read
             * @property {gdp.v1.SubscribeRequest.$Properties|null} [subscribe] Request subscribe
             * @property {gdp.v1.InfoRequest.$Properties|null} [info] Request info
             * @property {gdp.v1.UnsubscribeRequest.$Properties|null} [unsubscribe] Request unsubscribe
             * @property {gdp.v1.ListRequest.$Properties|null} [list] Request list
             * @property {gdp.v1.DeleteRequest.$Properties|null} ["delete"] Request delete
             * @property {gdp.v1.ProposeServersRequest.$Properties|null} [proposeServers] Request proposeServers
             * @property {gdp.v1.KvReadRequest.$Properties|null} [kvRead] Request kvRead
             * @property {gdp.v1.HandOffRequest.$Properties|null} [handOff] Request handOff
             * @property {Uint8Array|null} [capsule] Request capsule
             * @property {boolean|null} [moved] Request moved
             * @property {"create"|"append"|"read"|"subscribe"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff"} [op] Request op
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Request.
             * @memberof gdp.v1
             * @interface IRequest
             * @augments gdp.v1.Request.$Properties
             * @deprecated Use gdp.v1.Request.$Properties instead.
             */

            /**
             * Narrowed shape of a Request.
             * @typedef {{
             *   create?: gdp.v1.CreateRequest.$Shape|null;
             *   append?: gdp.v1.AppendRequest.$Shape|null;
             *   read?: gdp.v1.ReadRequest.$Shape|null;
             *   subscribe?: gdp.v1.SubscribeRequest.$Shape|null;
             *   info?: gdp.v1.InfoRequest.$Shape|null;
             *   unsubscribe?: gdp.v1.UnsubscribeRequest.$Shape|null;
             *   list?: gdp.v1.ListRequest.$Shape|null;
             *   "delete"?: gdp.v1.DeleteRequest.$Shape|null;
             *   proposeServers?: gdp.v1.ProposeServersRequest.$Shape|null;
             *   kvRead?: gdp.v1.KvReadRequest.$Shape|null;
             *   handOff?: gdp.v1.HandOffRequest.$Shape|null;
             *   capsule?: Uint8Array|null;
             *   moved?: boolean|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ op?: undefined; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "create"; create: gdp.v1.CreateRequest.$Shape; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "append"; create?: null; append: gdp.v1.AppendRequest.$Shape; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "read"; create?: null; append?: null; read: gdp.v1.ReadRequest.$Shape; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "subscribe"; create?: null; append?: null; read?: null; subscribe: gdp.v1.SubscribeRequest.$Shape; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "info"; create?: null; append?: null; read?: null; subscribe?: null; info: gdp.v1.InfoRequest.$Shape; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "unsubscribe"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe: gdp.v1.UnsubscribeRequest.$Shape; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "list"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list: gdp.v1.ListRequest.$Shape; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "delete"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete": gdp.v1.DeleteRequest.$Shape; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "proposeServers"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers: gdp.v1.ProposeServersRequest.$Shape; kvRead?: null; handOff?: null }|{ op?: "kvRead"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead: gdp.v1.KvReadRequest.$Shape; handOff?: null }|{ op?: "handOff"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff: gdp.v1.HandOffRequest.$Shape })
             * )} gdp.v1.Request.$Shape
             */

            /**
             * Constructs a new Request.
             * @memberof gdp.v1
             * @classdesc Represents a Request.
             * @constructor
             * @param {gdp.v1.Request.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Request = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Request create.
             * @member {gdp.v1.CreateRequest.$Properties|null|undefined} create
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.create = null;

            /**
             * Request append.
             * @member {gdp.v1.AppendRequest.$Properties|null|undefined} append
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.append = null;

            /**
             * Request read.
             * @member {gdp.v1.ReadRequest.$Properties|null|undefined} read
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.read = null;

            /**
             * Request subscribe.
             * @member {gdp.v1.SubscribeRequest.$Properties|null|undefined} subscribe
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.subscribe = null;

            /**
             * Request info.
             * @member {gdp.v1.InfoRequest.$Properties|null|undefined} info
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.info = null;

            /**
             * Request unsubscribe.
             * @member {gdp.v1.UnsubscribeRequest.$Properties|null|undefined} unsubscribe
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.unsubscribe = null;

            /**
             * Request list.
             * @member {gdp.v1.ListRequest.$Properties|null|undefined} list
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.list = null;

            /**
             * Request delete.
             * @member {gdp.v1.DeleteRequest.$Properties|null|undefined} delete
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype["delete"] = null;

            /**
             * Request proposeServers.
             * @member {gdp.v1.ProposeServersRequest.$Properties|null|undefined} proposeServers
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.proposeServers = null;

            /**
             * Request kvRead.
             * @member {gdp.v1.KvReadRequest.$Properties|null|undefined} kvRead
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.kvRead = null;

            /**
             * Request handOff.
             * @member {gdp.v1.HandOffRequest.$Properties|null|undefined} handOff
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.handOff = null;

            /**
             * Request capsule.
             * @member {Uint8Array} capsule
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.capsule = $util.newBuffer([]);

            /**
             * Request moved.
             * @member {boolean} moved
             * @memberof gdp.v1.Request
             * @instance
             */
            Request.prototype.moved = false;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Request op.
             * @member {"create"|"append"|"read"|"subscribe"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff"|undefined} op
             * @memberof gdp.v1.Request
             * @instance
             */
            $Object.defineProperty(Request.prototype, "op", {
                get: $util.oneOfGetter($oneOfFields = ["create", "append", "read", "subscribe", "info", "unsubscribe", "list", "delete", "proposeServers", "kvRead", "handOff"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Request instance using the specified properties.
             * @function create
             * @memberof gdp.v1.Request
             * @static
             * @param {gdp.v1.Request.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.Request} Request instance
             * @type {{
             *   (properties: gdp.v1.Request.$Shape): gdp.v1.Request & gdp.v1.Request.$Shape;
             *   (properties?: gdp.v1.Request.$Properties): gdp.v1.Request;
             * }}
             */
            Request.create = function(properties) {
                return new Request(properties);
            };

            /**
             * Encodes the specified Request message. Does not implicitly {@link gdp.v1.Request.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.Request
             * @static
             * @param {gdp.v1.Request.$Properties} message Request message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Request.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.create != null && $Object.hasOwnProperty.call(message, "create"))
                    $root.gdp.v1.CreateRequest.encode(message.create, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.append != null && $Object.hasOwnProperty.call(message, "append"))
                    $root.gdp.v1.AppendRequest.encode(message.append, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.read != null && $Object.hasOwnProperty.call(message, "read"))
                    $root.gdp.v1.ReadRequest.encode(message.read, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.subscribe != null && $Object.hasOwnProperty.call(message, "subscribe"))
                    $root.gdp.v1.SubscribeRequest.encode(message.subscribe, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.info != null && $Object.hasOwnProperty.call(message, "info"))
                    $root.gdp.v1.InfoRequest.encode(message.info, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.unsubscribe != null && $Object.hasOwnProperty.call(message, "unsubscribe"))
                    $root.gdp.v1.UnsubscribeRequest.encode(message.unsubscribe, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.list != null && $Object.hasOwnProperty.call(message, "list"))
                    $root.gdp.v1.ListRequest.encode(message.list, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message["delete"] != null && $Object.hasOwnProperty.call(message, "delete"))
                    $root.gdp.v1.DeleteRequest.encode(message["delete"], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.proposeServers != null && $Object.hasOwnProperty.call(message, "proposeServers"))
                    $root.gdp.v1.ProposeServersRequest.encode(message.proposeServers, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.kvRead != null && $Object.hasOwnProperty.call(message, "kvRead"))
                    $root.gdp.v1.KvReadRequest.encode(message.kvRead, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.handOff != null && $Object.hasOwnProperty.call(message, "handOff"))
                    $root.gdp.v1.HandOffRequest.encode(message.handOff, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.capsule != null && $Object.hasOwnProperty.call(message, "capsule") && message.capsule.length)
                    writer.uint32(/* id 15, wireType 2 =*/122).bytes(message.capsule);
                if (message.moved != null && $Object.hasOwnProperty.call(message, "moved") && message.moved !== false)
                    writer.uint32(/* id 16, wireType 0 =*/128).bool(message.moved);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Request message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.Request
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.Request & gdp.v1.Request.$Shape} Request
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Request.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.Request();
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
                            message.create = $root.gdp.v1.CreateRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.create);
                            message.op = "create";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.append = $root.gdp.v1.AppendRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.append);
                            message.op = "append";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.read = $root.gdp.v1.ReadRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.read);
                            message.op = "read";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.subscribe = $root.gdp.v1.SubscribeRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.subscribe);
                            message.op = "subscribe";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.info = $root.gdp.v1.InfoRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.info);
                            message.op = "info";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.unsubscribe = $root.gdp.v1.UnsubscribeRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.unsubscribe);
                            message.op = "unsubscribe";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.list = $root.gdp.v1.ListRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.list);
                            message.op = "list";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            message["delete"] = $root.gdp.v1.DeleteRequest.decode(reader, reader.size(), $undefined, _depth + 1, message["delete"]);
                            message.op = "delete";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message.proposeServers = $root.gdp.v1.ProposeServersRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.proposeServers);
                            message.op = "proposeServers";
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.kvRead = $root.gdp.v1.KvReadRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.kvRead);
                            message.op = "kvRead";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.handOff = $root.gdp.v1.HandOffRequest.decode(reader, reader.size(), $undefined, _depth + 1, message.handOff);
                            message.op = "handOff";
                            continue;
                        }
                    case 15: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.capsule = value;
                            else
                                delete message.capsule;
                            continue;
                        }
                    case 16: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.moved = value;
                            else
                                delete message.moved;
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
             * Gets the type url for Request
             * @function getTypeUrl
             * @memberof gdp.v1.Request
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Request.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.Request";
            };

            return Request;
        })();

        v1.Response = (function() {

            /**
             * Properties of a Response.
             * @typedef {Object} gdp.v1.Response.$Properties
             * @property {boolean|null} [final] Response final
             * @property {gdp.v1.CreateResponse.$Properties|null} [create] Response create
             * @property {gdp.v1.AppendAck.$Properties|null} [append] Response append
             * @property {gdp.v1.ReadResponse.$Properties|null} [read] Response read
             * @property {gdp.v1.InfoResponse.$Properties|null} [info] Response info
             * @property {gdp.v1.UnsubscribeResponse.$Properties|null} [unsubscribe] Response unsubscribe
             * @property {gdp.v1.ListResponse.$Properties|null} [list] Response list
             * @property {gdp.v1.DeleteResponse.$Properties|null} ["delete"] Response delete
             * @property {gdp.v1.ProposeServersResponse.$Properties|null} [proposeServers] Response proposeServers
             * @property {gdp.v1.KvReadResponse.$Properties|null} [kvRead] Response kvRead
             * @property {gdp.v1.HandOffResponse.$Properties|null} [handOff] Response handOff
             * @property {Array.<gdp.v1.AppendAck.$Properties>|null} [replicaAcks] Response replicaAcks
             * @property {Array.<gdp.v1.AppendAck.$Properties>|null} [batchAcks] Response batchAcks
             * @property {"create"|"append"|"read"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff"} [op] Response op
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a Response.
             * @memberof gdp.v1
             * @interface IResponse
             * @augments gdp.v1.Response.$Properties
             * @deprecated Use gdp.v1.Response.$Properties instead.
             */

            /**
             * Narrowed shape of a Response.
             * @typedef {{
             *   final?: boolean|null;
             *   create?: gdp.v1.CreateResponse.$Shape|null;
             *   append?: gdp.v1.AppendAck.$Shape|null;
             *   read?: gdp.v1.ReadResponse.$Shape|null;
             *   info?: gdp.v1.InfoResponse.$Shape|null;
             *   unsubscribe?: gdp.v1.UnsubscribeResponse.$Shape|null;
             *   list?: gdp.v1.ListResponse.$Shape|null;
             *   "delete"?: gdp.v1.DeleteResponse.$Shape|null;
             *   proposeServers?: gdp.v1.ProposeServersResponse.$Shape|null;
             *   kvRead?: gdp.v1.KvReadResponse.$Shape|null;
             *   handOff?: gdp.v1.HandOffResponse.$Shape|null;
             *   replicaAcks?: Array.<gdp.v1.AppendAck.$Shape>|null;
             *   batchAcks?: Array.<gdp.v1.AppendAck.$Shape>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ op?: undefined; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "create"; create: gdp.v1.CreateResponse.$Shape; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "append"; create?: null; append: gdp.v1.AppendAck.$Shape; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "read"; create?: null; append?: null; read: gdp.v1.ReadResponse.$Shape; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "info"; create?: null; append?: null; read?: null; info: gdp.v1.InfoResponse.$Shape; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "unsubscribe"; create?: null; append?: null; read?: null; info?: null; unsubscribe: gdp.v1.UnsubscribeResponse.$Shape; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "list"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list: gdp.v1.ListResponse.$Shape; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "delete"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete": gdp.v1.DeleteResponse.$Shape; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "proposeServers"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers: gdp.v1.ProposeServersResponse.$Shape; kvRead?: null; handOff?: null }|{ op?: "kvRead"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead: gdp.v1.KvReadResponse.$Shape; handOff?: null }|{ op?: "handOff"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff: gdp.v1.HandOffResponse.$Shape })
             * )} gdp.v1.Response.$Shape
             */

            /**
             * Constructs a new Response.
             * @memberof gdp.v1
             * @classdesc Represents a Response.
             * @constructor
             * @param {gdp.v1.Response.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const Response = function (properties) {
                this.replicaAcks = [];
                this.batchAcks = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Response final.
             * @member {boolean} final
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.final = false;

            /**
             * Response create.
             * @member {gdp.v1.CreateResponse.$Properties|null|undefined} create
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.create = null;

            /**
             * Response append.
             * @member {gdp.v1.AppendAck.$Properties|null|undefined} append
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.append = null;

            /**
             * Response read.
             * @member {gdp.v1.ReadResponse.$Properties|null|undefined} read
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.read = null;

            /**
             * Response info.
             * @member {gdp.v1.InfoResponse.$Properties|null|undefined} info
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.info = null;

            /**
             * Response unsubscribe.
             * @member {gdp.v1.UnsubscribeResponse.$Properties|null|undefined} unsubscribe
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.unsubscribe = null;

            /**
             * Response list.
             * @member {gdp.v1.ListResponse.$Properties|null|undefined} list
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.list = null;

            /**
             * Response delete.
             * @member {gdp.v1.DeleteResponse.$Properties|null|undefined} delete
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype["delete"] = null;

            /**
             * Response proposeServers.
             * @member {gdp.v1.ProposeServersResponse.$Properties|null|undefined} proposeServers
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.proposeServers = null;

            /**
             * Response kvRead.
             * @member {gdp.v1.KvReadResponse.$Properties|null|undefined} kvRead
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.kvRead = null;

            /**
             * Response handOff.
             * @member {gdp.v1.HandOffResponse.$Properties|null|undefined} handOff
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.handOff = null;

            /**
             * Response replicaAcks.
             * @member {Array.<gdp.v1.AppendAck.$Properties>} replicaAcks
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.replicaAcks = $util.emptyArray;

            /**
             * Response batchAcks.
             * @member {Array.<gdp.v1.AppendAck.$Properties>} batchAcks
             * @memberof gdp.v1.Response
             * @instance
             */
            Response.prototype.batchAcks = $util.emptyArray;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * Response op.
             * @member {"create"|"append"|"read"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff"|undefined} op
             * @memberof gdp.v1.Response
             * @instance
             */
            $Object.defineProperty(Response.prototype, "op", {
                get: $util.oneOfGetter($oneOfFields = ["create", "append", "read", "info", "unsubscribe", "list", "delete", "proposeServers", "kvRead", "handOff"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new Response instance using the specified properties.
             * @function create
             * @memberof gdp.v1.Response
             * @static
             * @param {gdp.v1.Response.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.Response} Response instance
             * @type {{
             *   (properties: gdp.v1.Response.$Shape): gdp.v1.Response & gdp.v1.Response.$Shape;
             *   (properties?: gdp.v1.Response.$Properties): gdp.v1.Response;
             * }}
             */
            Response.create = function(properties) {
                return new Response(properties);
            };

            /**
             * Encodes the specified Response message. Does not implicitly {@link gdp.v1.Response.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.Response
             * @static
             * @param {gdp.v1.Response.$Properties} message Response message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            Response.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.final != null && $Object.hasOwnProperty.call(message, "final") && message.final !== false)
                    writer.uint32(/* id 1, wireType 0 =*/8).bool(message.final);
                if (message.create != null && $Object.hasOwnProperty.call(message, "create"))
                    $root.gdp.v1.CreateResponse.encode(message.create, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.append != null && $Object.hasOwnProperty.call(message, "append"))
                    $root.gdp.v1.AppendAck.encode(message.append, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.read != null && $Object.hasOwnProperty.call(message, "read"))
                    $root.gdp.v1.ReadResponse.encode(message.read, writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.info != null && $Object.hasOwnProperty.call(message, "info"))
                    $root.gdp.v1.InfoResponse.encode(message.info, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.unsubscribe != null && $Object.hasOwnProperty.call(message, "unsubscribe"))
                    $root.gdp.v1.UnsubscribeResponse.encode(message.unsubscribe, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.list != null && $Object.hasOwnProperty.call(message, "list"))
                    $root.gdp.v1.ListResponse.encode(message.list, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.replicaAcks != null && message.replicaAcks.length)
                    for (let i = 0; i < message.replicaAcks.length; ++i)
                        $root.gdp.v1.AppendAck.encode(message.replicaAcks[i], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message["delete"] != null && $Object.hasOwnProperty.call(message, "delete"))
                    $root.gdp.v1.DeleteResponse.encode(message["delete"], writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
                if (message.batchAcks != null && message.batchAcks.length)
                    for (let i = 0; i < message.batchAcks.length; ++i)
                        $root.gdp.v1.AppendAck.encode(message.batchAcks[i], writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.proposeServers != null && $Object.hasOwnProperty.call(message, "proposeServers"))
                    $root.gdp.v1.ProposeServersResponse.encode(message.proposeServers, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
                if (message.kvRead != null && $Object.hasOwnProperty.call(message, "kvRead"))
                    $root.gdp.v1.KvReadResponse.encode(message.kvRead, writer.uint32(/* id 12, wireType 2 =*/98).fork(), _depth + 1).ldelim();
                if (message.handOff != null && $Object.hasOwnProperty.call(message, "handOff"))
                    $root.gdp.v1.HandOffResponse.encode(message.handOff, writer.uint32(/* id 13, wireType 2 =*/106).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a Response message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.Response
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.Response & gdp.v1.Response.$Shape} Response
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            Response.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.Response();
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
                            if (value = reader.bool())
                                message.final = value;
                            else
                                delete message.final;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.create = $root.gdp.v1.CreateResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.create);
                            message.op = "create";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.append = $root.gdp.v1.AppendAck.decode(reader, reader.size(), $undefined, _depth + 1, message.append);
                            message.op = "append";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            message.read = $root.gdp.v1.ReadResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.read);
                            message.op = "read";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.info = $root.gdp.v1.InfoResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.info);
                            message.op = "info";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            message.unsubscribe = $root.gdp.v1.UnsubscribeResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.unsubscribe);
                            message.op = "unsubscribe";
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            message.list = $root.gdp.v1.ListResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.list);
                            message.op = "list";
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            message["delete"] = $root.gdp.v1.DeleteResponse.decode(reader, reader.size(), $undefined, _depth + 1, message["delete"]);
                            message.op = "delete";
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.proposeServers = $root.gdp.v1.ProposeServersResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.proposeServers);
                            message.op = "proposeServers";
                            continue;
                        }
                    case 12: {
                            if (wireType !== 2)
                                break;
                            message.kvRead = $root.gdp.v1.KvReadResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.kvRead);
                            message.op = "kvRead";
                            continue;
                        }
                    case 13: {
                            if (wireType !== 2)
                                break;
                            message.handOff = $root.gdp.v1.HandOffResponse.decode(reader, reader.size(), $undefined, _depth + 1, message.handOff);
                            message.op = "handOff";
                            continue;
                        }
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if (!(message.replicaAcks && message.replicaAcks.length))
                                message.replicaAcks = [];
                            message.replicaAcks.push($root.gdp.v1.AppendAck.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            if (!(message.batchAcks && message.batchAcks.length))
                                message.batchAcks = [];
                            message.batchAcks.push($root.gdp.v1.AppendAck.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Gets the type url for Response
             * @function getTypeUrl
             * @memberof gdp.v1.Response
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            Response.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.Response";
            };

            return Response;
        })();

        v1.UnsubscribeResponse = (function() {

            /**
             * Properties of an UnsubscribeResponse.
             * @typedef {Object} gdp.v1.UnsubscribeResponse.$Properties
             * @property {boolean|null} [found] UnsubscribeResponse found
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an UnsubscribeResponse.
             * @memberof gdp.v1
             * @interface IUnsubscribeResponse
             * @augments gdp.v1.UnsubscribeResponse.$Properties
             * @deprecated Use gdp.v1.UnsubscribeResponse.$Properties instead.
             */

            /**
             * Shape of an UnsubscribeResponse.
             * @typedef {gdp.v1.UnsubscribeResponse.$Properties} gdp.v1.UnsubscribeResponse.$Shape
             */

            /**
             * Constructs a new UnsubscribeResponse.
             * @memberof gdp.v1
             * @classdesc Represents an UnsubscribeResponse.
             * @constructor
             * @param {gdp.v1.UnsubscribeResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const UnsubscribeResponse = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * UnsubscribeResponse found.
             * @member {boolean} found
             * @memberof gdp.v1.UnsubscribeResponse
             * @instance
             */
            UnsubscribeResponse.prototype.found = false;

            /**
             * Creates a new UnsubscribeResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.UnsubscribeResponse
             * @static
             * @param {gdp.v1.UnsubscribeResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.UnsubscribeResponse} UnsubscribeResponse instance
             * @type {{
             *   (properties: gdp.v1.UnsubscribeResponse.$Shape): gdp.v1.UnsubscribeResponse & gdp.v1.UnsubscribeResponse.$Shape;
             *   (properties?: gdp.v1.UnsubscribeResponse.$Properties): gdp.v1.UnsubscribeResponse;
             * }}
             */
            UnsubscribeResponse.create = function(properties) {
                return new UnsubscribeResponse(properties);
            };

            /**
             * Encodes the specified UnsubscribeResponse message. Does not implicitly {@link gdp.v1.UnsubscribeResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.UnsubscribeResponse
             * @static
             * @param {gdp.v1.UnsubscribeResponse.$Properties} message UnsubscribeResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            UnsubscribeResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.found != null && $Object.hasOwnProperty.call(message, "found") && message.found !== false)
                    writer.uint32(/* id 1, wireType 0 =*/8).bool(message.found);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an UnsubscribeResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.UnsubscribeResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.UnsubscribeResponse & gdp.v1.UnsubscribeResponse.$Shape} UnsubscribeResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            UnsubscribeResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.UnsubscribeResponse();
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
                            if (value = reader.bool())
                                message.found = value;
                            else
                                delete message.found;
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
             * Gets the type url for UnsubscribeResponse
             * @function getTypeUrl
             * @memberof gdp.v1.UnsubscribeResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            UnsubscribeResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.UnsubscribeResponse";
            };

            return UnsubscribeResponse;
        })();

        v1.CreateRequest = (function() {

            /**
             * Properties of a CreateRequest.
             * @typedef {Object} gdp.v1.CreateRequest.$Properties
             * @property {gdp.v1.SignedMetadata.$Properties|null} [metadata] CreateRequest metadata
             * @property {gdp.v1.SignedAdCert.$Properties|null} [adcert] CreateRequest adcert
             * @property {gdp.v1.ReplicaSet.$Properties|null} [replicas] CreateRequest replicas
             * @property {Uint8Array|null} [catchUpFrom] CreateRequest catchUpFrom
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CreateRequest.
             * @memberof gdp.v1
             * @interface ICreateRequest
             * @augments gdp.v1.CreateRequest.$Properties
             * @deprecated Use gdp.v1.CreateRequest.$Properties instead.
             */

            /**
             * Shape of a CreateRequest.
             * @typedef {gdp.v1.CreateRequest.$Properties} gdp.v1.CreateRequest.$Shape
             */

            /**
             * Constructs a new CreateRequest.
             * @memberof gdp.v1
             * @classdesc Represents a CreateRequest.
             * @constructor
             * @param {gdp.v1.CreateRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CreateRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CreateRequest metadata.
             * @member {gdp.v1.SignedMetadata.$Properties|null|undefined} metadata
             * @memberof gdp.v1.CreateRequest
             * @instance
             */
            CreateRequest.prototype.metadata = null;

            /**
             * CreateRequest adcert.
             * @member {gdp.v1.SignedAdCert.$Properties|null|undefined} adcert
             * @memberof gdp.v1.CreateRequest
             * @instance
             */
            CreateRequest.prototype.adcert = null;

            /**
             * CreateRequest replicas.
             * @member {gdp.v1.ReplicaSet.$Properties|null|undefined} replicas
             * @memberof gdp.v1.CreateRequest
             * @instance
             */
            CreateRequest.prototype.replicas = null;

            /**
             * CreateRequest catchUpFrom.
             * @member {Uint8Array} catchUpFrom
             * @memberof gdp.v1.CreateRequest
             * @instance
             */
            CreateRequest.prototype.catchUpFrom = $util.newBuffer([]);

            /**
             * Creates a new CreateRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.CreateRequest
             * @static
             * @param {gdp.v1.CreateRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.CreateRequest} CreateRequest instance
             * @type {{
             *   (properties: gdp.v1.CreateRequest.$Shape): gdp.v1.CreateRequest & gdp.v1.CreateRequest.$Shape;
             *   (properties?: gdp.v1.CreateRequest.$Properties): gdp.v1.CreateRequest;
             * }}
             */
            CreateRequest.create = function(properties) {
                return new CreateRequest(properties);
            };

            /**
             * Encodes the specified CreateRequest message. Does not implicitly {@link gdp.v1.CreateRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.CreateRequest
             * @static
             * @param {gdp.v1.CreateRequest.$Properties} message CreateRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CreateRequest.encode = function (message, writer, _depth) {
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
                if (message.replicas != null && $Object.hasOwnProperty.call(message, "replicas"))
                    $root.gdp.v1.ReplicaSet.encode(message.replicas, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.catchUpFrom != null && $Object.hasOwnProperty.call(message, "catchUpFrom") && message.catchUpFrom.length)
                    writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.catchUpFrom);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CreateRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.CreateRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.CreateRequest & gdp.v1.CreateRequest.$Shape} CreateRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CreateRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.CreateRequest();
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
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.replicas = $root.gdp.v1.ReplicaSet.decode(reader, reader.size(), $undefined, _depth + 1, message.replicas);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.catchUpFrom = value;
                            else
                                delete message.catchUpFrom;
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
             * Gets the type url for CreateRequest
             * @function getTypeUrl
             * @memberof gdp.v1.CreateRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CreateRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.CreateRequest";
            };

            return CreateRequest;
        })();

        v1.CreateResponse = (function() {

            /**
             * Properties of a CreateResponse.
             * @typedef {Object} gdp.v1.CreateResponse.$Properties
             * @property {Uint8Array|null} [capsule] CreateResponse capsule
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CreateResponse.
             * @memberof gdp.v1
             * @interface ICreateResponse
             * @augments gdp.v1.CreateResponse.$Properties
             * @deprecated Use gdp.v1.CreateResponse.$Properties instead.
             */

            /**
             * Shape of a CreateResponse.
             * @typedef {gdp.v1.CreateResponse.$Properties} gdp.v1.CreateResponse.$Shape
             */

            /**
             * Constructs a new CreateResponse.
             * @memberof gdp.v1
             * @classdesc Represents a CreateResponse.
             * @constructor
             * @param {gdp.v1.CreateResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CreateResponse = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CreateResponse capsule.
             * @member {Uint8Array} capsule
             * @memberof gdp.v1.CreateResponse
             * @instance
             */
            CreateResponse.prototype.capsule = $util.newBuffer([]);

            /**
             * Creates a new CreateResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.CreateResponse
             * @static
             * @param {gdp.v1.CreateResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.CreateResponse} CreateResponse instance
             * @type {{
             *   (properties: gdp.v1.CreateResponse.$Shape): gdp.v1.CreateResponse & gdp.v1.CreateResponse.$Shape;
             *   (properties?: gdp.v1.CreateResponse.$Properties): gdp.v1.CreateResponse;
             * }}
             */
            CreateResponse.create = function(properties) {
                return new CreateResponse(properties);
            };

            /**
             * Encodes the specified CreateResponse message. Does not implicitly {@link gdp.v1.CreateResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.CreateResponse
             * @static
             * @param {gdp.v1.CreateResponse.$Properties} message CreateResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CreateResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.capsule != null && $Object.hasOwnProperty.call(message, "capsule") && message.capsule.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.capsule);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CreateResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.CreateResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.CreateResponse & gdp.v1.CreateResponse.$Shape} CreateResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CreateResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.CreateResponse();
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
             * Gets the type url for CreateResponse
             * @function getTypeUrl
             * @memberof gdp.v1.CreateResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CreateResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.CreateResponse";
            };

            return CreateResponse;
        })();

        v1.AppendRequest = (function() {

            /**
             * Properties of an AppendRequest.
             * @typedef {Object} gdp.v1.AppendRequest.$Properties
             * @property {Array.<gdp.v1.Record.$Properties>|null} [records] AppendRequest records
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [heartbeat] AppendRequest heartbeat
             * @property {Array.<gdp.v1.SignedHeartbeat.$Properties>|null} [batchHeartbeats] AppendRequest batchHeartbeats
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AppendRequest.
             * @memberof gdp.v1
             * @interface IAppendRequest
             * @augments gdp.v1.AppendRequest.$Properties
             * @deprecated Use gdp.v1.AppendRequest.$Properties instead.
             */

            /**
             * Shape of an AppendRequest.
             * @typedef {gdp.v1.AppendRequest.$Properties} gdp.v1.AppendRequest.$Shape
             */

            /**
             * Constructs a new AppendRequest.
             * @memberof gdp.v1
             * @classdesc Represents an AppendRequest.
             * @constructor
             * @param {gdp.v1.AppendRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AppendRequest = function (properties) {
                this.records = [];
                this.batchHeartbeats = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AppendRequest records.
             * @member {Array.<gdp.v1.Record.$Properties>} records
             * @memberof gdp.v1.AppendRequest
             * @instance
             */
            AppendRequest.prototype.records = $util.emptyArray;

            /**
             * AppendRequest heartbeat.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} heartbeat
             * @memberof gdp.v1.AppendRequest
             * @instance
             */
            AppendRequest.prototype.heartbeat = null;

            /**
             * AppendRequest batchHeartbeats.
             * @member {Array.<gdp.v1.SignedHeartbeat.$Properties>} batchHeartbeats
             * @memberof gdp.v1.AppendRequest
             * @instance
             */
            AppendRequest.prototype.batchHeartbeats = $util.emptyArray;

            /**
             * Creates a new AppendRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AppendRequest
             * @static
             * @param {gdp.v1.AppendRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AppendRequest} AppendRequest instance
             * @type {{
             *   (properties: gdp.v1.AppendRequest.$Shape): gdp.v1.AppendRequest & gdp.v1.AppendRequest.$Shape;
             *   (properties?: gdp.v1.AppendRequest.$Properties): gdp.v1.AppendRequest;
             * }}
             */
            AppendRequest.create = function(properties) {
                return new AppendRequest(properties);
            };

            /**
             * Encodes the specified AppendRequest message. Does not implicitly {@link gdp.v1.AppendRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AppendRequest
             * @static
             * @param {gdp.v1.AppendRequest.$Properties} message AppendRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.records != null && message.records.length)
                    for (let i = 0; i < message.records.length; ++i)
                        $root.gdp.v1.Record.encode(message.records[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.heartbeat, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.batchHeartbeats != null && message.batchHeartbeats.length)
                    for (let i = 0; i < message.batchHeartbeats.length; ++i)
                        $root.gdp.v1.SignedHeartbeat.encode(message.batchHeartbeats[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AppendRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AppendRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AppendRequest & gdp.v1.AppendRequest.$Shape} AppendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.AppendRequest();
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
                            if (!(message.records && message.records.length))
                                message.records = [];
                            message.records.push($root.gdp.v1.Record.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            if (!(message.batchHeartbeats && message.batchHeartbeats.length))
                                message.batchHeartbeats = [];
                            message.batchHeartbeats.push($root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Gets the type url for AppendRequest
             * @function getTypeUrl
             * @memberof gdp.v1.AppendRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AppendRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AppendRequest";
            };

            return AppendRequest;
        })();

        v1.AppendAck = (function() {

            /**
             * Properties of an AppendAck.
             * @typedef {Object} gdp.v1.AppendAck.$Properties
             * @property {Uint8Array|null} [server] AppendAck server
             * @property {gdp.v1.PublicKey.$Properties|null} [serverKey] AppendAck serverKey
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [heartbeat] AppendAck heartbeat
             * @property {number|Long|null} [storedAtUs] AppendAck storedAtUs
             * @property {Uint8Array|null} [signature] AppendAck signature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AppendAck.
             * @memberof gdp.v1
             * @interface IAppendAck
             * @augments gdp.v1.AppendAck.$Properties
             * @deprecated Use gdp.v1.AppendAck.$Properties instead.
             */

            /**
             * Shape of an AppendAck.
             * @typedef {gdp.v1.AppendAck.$Properties} gdp.v1.AppendAck.$Shape
             */

            /**
             * Constructs a new AppendAck.
             * @memberof gdp.v1
             * @classdesc Represents an AppendAck.
             * @constructor
             * @param {gdp.v1.AppendAck.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AppendAck = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AppendAck server.
             * @member {Uint8Array} server
             * @memberof gdp.v1.AppendAck
             * @instance
             */
            AppendAck.prototype.server = $util.newBuffer([]);

            /**
             * AppendAck serverKey.
             * @member {gdp.v1.PublicKey.$Properties|null|undefined} serverKey
             * @memberof gdp.v1.AppendAck
             * @instance
             */
            AppendAck.prototype.serverKey = null;

            /**
             * AppendAck heartbeat.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} heartbeat
             * @memberof gdp.v1.AppendAck
             * @instance
             */
            AppendAck.prototype.heartbeat = null;

            /**
             * AppendAck storedAtUs.
             * @member {number|Long} storedAtUs
             * @memberof gdp.v1.AppendAck
             * @instance
             */
            AppendAck.prototype.storedAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AppendAck signature.
             * @member {Uint8Array} signature
             * @memberof gdp.v1.AppendAck
             * @instance
             */
            AppendAck.prototype.signature = $util.newBuffer([]);

            /**
             * Creates a new AppendAck instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AppendAck
             * @static
             * @param {gdp.v1.AppendAck.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AppendAck} AppendAck instance
             * @type {{
             *   (properties: gdp.v1.AppendAck.$Shape): gdp.v1.AppendAck & gdp.v1.AppendAck.$Shape;
             *   (properties?: gdp.v1.AppendAck.$Properties): gdp.v1.AppendAck;
             * }}
             */
            AppendAck.create = function(properties) {
                return new AppendAck(properties);
            };

            /**
             * Encodes the specified AppendAck message. Does not implicitly {@link gdp.v1.AppendAck.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AppendAck
             * @static
             * @param {gdp.v1.AppendAck.$Properties} message AppendAck message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AppendAck.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.server != null && $Object.hasOwnProperty.call(message, "server") && message.server.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.server);
                if (message.serverKey != null && $Object.hasOwnProperty.call(message, "serverKey"))
                    $root.gdp.v1.PublicKey.encode(message.serverKey, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.heartbeat, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.storedAtUs != null && $Object.hasOwnProperty.call(message, "storedAtUs") && (typeof message.storedAtUs === "object" ? message.storedAtUs.low || message.storedAtUs.high : message.storedAtUs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.storedAtUs);
                if (message.signature != null && $Object.hasOwnProperty.call(message, "signature") && message.signature.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.signature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AppendAck message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AppendAck
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AppendAck & gdp.v1.AppendAck.$Shape} AppendAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AppendAck.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.AppendAck();
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
                                message.server = value;
                            else
                                delete message.server;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.serverKey = $root.gdp.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1, message.serverKey);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.storedAtUs = value;
                            else
                                delete message.storedAtUs;
                            continue;
                        }
                    case 5: {
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
             * Gets the type url for AppendAck
             * @function getTypeUrl
             * @memberof gdp.v1.AppendAck
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AppendAck.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AppendAck";
            };

            return AppendAck;
        })();

        v1.ReadRequest = (function() {

            /**
             * Properties of a ReadRequest.
             * @typedef {Object} gdp.v1.ReadRequest.$Properties
             * @property {number|Long|null} [seqno] ReadRequest seqno
             * @property {gdp.v1.SeqRange.$Properties|null} [range] ReadRequest range
             * @property {number|Long|null} [last] ReadRequest last
             * @property {number|Long|null} [atUs] ReadRequest atUs
             * @property {Uint8Array|null} [hash] ReadRequest hash
             * @property {boolean|null} [proofs] ReadRequest proofs
             * @property {boolean|null} [batchHeartbeats] ReadRequest batchHeartbeats
             * @property {"seqno"|"range"|"last"|"atUs"|"hash"} [selector] ReadRequest selector
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReadRequest.
             * @memberof gdp.v1
             * @interface IReadRequest
             * @augments gdp.v1.ReadRequest.$Properties
             * @deprecated Use gdp.v1.ReadRequest.$Properties instead.
             */

            /**
             * Narrowed shape of a ReadRequest.
             * @typedef {{
             *   seqno?: number|Long|null;
             *   range?: gdp.v1.SeqRange.$Shape|null;
             *   last?: number|Long|null;
             *   atUs?: number|Long|null;
             *   hash?: Uint8Array|null;
             *   proofs?: boolean|null;
             *   batchHeartbeats?: boolean|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ selector?: undefined; seqno?: null; range?: null; last?: null; atUs?: null; hash?: null }|{ selector?: "seqno"; seqno: number|Long; range?: null; last?: null; atUs?: null; hash?: null }|{ selector?: "range"; seqno?: null; range: gdp.v1.SeqRange.$Shape; last?: null; atUs?: null; hash?: null }|{ selector?: "last"; seqno?: null; range?: null; last: number|Long; atUs?: null; hash?: null }|{ selector?: "atUs"; seqno?: null; range?: null; last?: null; atUs: number|Long; hash?: null }|{ selector?: "hash"; seqno?: null; range?: null; last?: null; atUs?: null; hash: Uint8Array })
             * )} gdp.v1.ReadRequest.$Shape
             */

            /**
             * Constructs a new ReadRequest.
             * @memberof gdp.v1
             * @classdesc Represents a ReadRequest.
             * @constructor
             * @param {gdp.v1.ReadRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReadRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReadRequest seqno.
             * @member {number|Long|null|undefined} seqno
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            ReadRequest.prototype.seqno = null;

            /**
             * ReadRequest range.
             * @member {gdp.v1.SeqRange.$Properties|null|undefined} range
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            ReadRequest.prototype.range = null;

            /**
             * ReadRequest last.
             * @member {number|Long|null|undefined} last
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            ReadRequest.prototype.last = null;

            /**
             * ReadRequest atUs.
             * @member {number|Long|null|undefined} atUs
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            ReadRequest.prototype.atUs = null;

            /**
             * ReadRequest hash.
             * @member {Uint8Array|null|undefined} hash
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            ReadRequest.prototype.hash = null;

            /**
             * ReadRequest proofs.
             * @member {boolean} proofs
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            ReadRequest.prototype.proofs = false;

            /**
             * ReadRequest batchHeartbeats.
             * @member {boolean} batchHeartbeats
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            ReadRequest.prototype.batchHeartbeats = false;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * ReadRequest selector.
             * @member {"seqno"|"range"|"last"|"atUs"|"hash"|undefined} selector
             * @memberof gdp.v1.ReadRequest
             * @instance
             */
            $Object.defineProperty(ReadRequest.prototype, "selector", {
                get: $util.oneOfGetter($oneOfFields = ["seqno", "range", "last", "atUs", "hash"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new ReadRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ReadRequest
             * @static
             * @param {gdp.v1.ReadRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ReadRequest} ReadRequest instance
             * @type {{
             *   (properties: gdp.v1.ReadRequest.$Shape): gdp.v1.ReadRequest & gdp.v1.ReadRequest.$Shape;
             *   (properties?: gdp.v1.ReadRequest.$Properties): gdp.v1.ReadRequest;
             * }}
             */
            ReadRequest.create = function(properties) {
                return new ReadRequest(properties);
            };

            /**
             * Encodes the specified ReadRequest message. Does not implicitly {@link gdp.v1.ReadRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ReadRequest
             * @static
             * @param {gdp.v1.ReadRequest.$Properties} message ReadRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReadRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.seqno != null && $Object.hasOwnProperty.call(message, "seqno"))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.seqno);
                if (message.range != null && $Object.hasOwnProperty.call(message, "range"))
                    $root.gdp.v1.SeqRange.encode(message.range, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.last != null && $Object.hasOwnProperty.call(message, "last"))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.last);
                if (message.atUs != null && $Object.hasOwnProperty.call(message, "atUs"))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.atUs);
                if (message.hash != null && $Object.hasOwnProperty.call(message, "hash"))
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.hash);
                if (message.proofs != null && $Object.hasOwnProperty.call(message, "proofs") && message.proofs !== false)
                    writer.uint32(/* id 6, wireType 0 =*/48).bool(message.proofs);
                if (message.batchHeartbeats != null && $Object.hasOwnProperty.call(message, "batchHeartbeats") && message.batchHeartbeats !== false)
                    writer.uint32(/* id 7, wireType 0 =*/56).bool(message.batchHeartbeats);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReadRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ReadRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ReadRequest & gdp.v1.ReadRequest.$Shape} ReadRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReadRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ReadRequest();
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
                            message.seqno = reader.uint64();
                            message.selector = "seqno";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            message.range = $root.gdp.v1.SeqRange.decode(reader, reader.size(), $undefined, _depth + 1, message.range);
                            message.selector = "range";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            message.last = reader.uint64();
                            message.selector = "last";
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            message.atUs = reader.uint64();
                            message.selector = "atUs";
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.hash = reader.bytes();
                            message.selector = "hash";
                            continue;
                        }
                    case 6: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.proofs = value;
                            else
                                delete message.proofs;
                            continue;
                        }
                    case 7: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.batchHeartbeats = value;
                            else
                                delete message.batchHeartbeats;
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
             * Gets the type url for ReadRequest
             * @function getTypeUrl
             * @memberof gdp.v1.ReadRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ReadRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ReadRequest";
            };

            return ReadRequest;
        })();

        v1.SeqRange = (function() {

            /**
             * Properties of a SeqRange.
             * @typedef {Object} gdp.v1.SeqRange.$Properties
             * @property {number|Long|null} [from] SeqRange from
             * @property {number|Long|null} [to] SeqRange to
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SeqRange.
             * @memberof gdp.v1
             * @interface ISeqRange
             * @augments gdp.v1.SeqRange.$Properties
             * @deprecated Use gdp.v1.SeqRange.$Properties instead.
             */

            /**
             * Shape of a SeqRange.
             * @typedef {gdp.v1.SeqRange.$Properties} gdp.v1.SeqRange.$Shape
             */

            /**
             * Constructs a new SeqRange.
             * @memberof gdp.v1
             * @classdesc Represents a SeqRange.
             * @constructor
             * @param {gdp.v1.SeqRange.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SeqRange = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SeqRange from.
             * @member {number|Long} from
             * @memberof gdp.v1.SeqRange
             * @instance
             */
            SeqRange.prototype.from = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SeqRange to.
             * @member {number|Long} to
             * @memberof gdp.v1.SeqRange
             * @instance
             */
            SeqRange.prototype.to = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new SeqRange instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SeqRange
             * @static
             * @param {gdp.v1.SeqRange.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SeqRange} SeqRange instance
             * @type {{
             *   (properties: gdp.v1.SeqRange.$Shape): gdp.v1.SeqRange & gdp.v1.SeqRange.$Shape;
             *   (properties?: gdp.v1.SeqRange.$Properties): gdp.v1.SeqRange;
             * }}
             */
            SeqRange.create = function(properties) {
                return new SeqRange(properties);
            };

            /**
             * Encodes the specified SeqRange message. Does not implicitly {@link gdp.v1.SeqRange.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SeqRange
             * @static
             * @param {gdp.v1.SeqRange.$Properties} message SeqRange message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SeqRange.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.from != null && $Object.hasOwnProperty.call(message, "from") && (typeof message.from === "object" ? message.from.low || message.from.high : message.from !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.from);
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && (typeof message.to === "object" ? message.to.low || message.to.high : message.to !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.to);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SeqRange message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SeqRange
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SeqRange & gdp.v1.SeqRange.$Shape} SeqRange
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SeqRange.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.SeqRange();
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
                                message.from = value;
                            else
                                delete message.from;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.to = value;
                            else
                                delete message.to;
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
             * Gets the type url for SeqRange
             * @function getTypeUrl
             * @memberof gdp.v1.SeqRange
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SeqRange.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SeqRange";
            };

            return SeqRange;
        })();

        v1.ReadResponse = (function() {

            /**
             * Properties of a ReadResponse.
             * @typedef {Object} gdp.v1.ReadResponse.$Properties
             * @property {Array.<gdp.v1.Record.$Properties>|null} [records] ReadResponse records
             * @property {Array.<gdp.v1.InclusionProof.$Properties>|null} [proofs] ReadResponse proofs
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [heartbeat] ReadResponse heartbeat
             * @property {Array.<gdp.v1.SignedHeartbeat.$Properties>|null} [batchHeartbeats] ReadResponse batchHeartbeats
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReadResponse.
             * @memberof gdp.v1
             * @interface IReadResponse
             * @augments gdp.v1.ReadResponse.$Properties
             * @deprecated Use gdp.v1.ReadResponse.$Properties instead.
             */

            /**
             * Shape of a ReadResponse.
             * @typedef {gdp.v1.ReadResponse.$Properties} gdp.v1.ReadResponse.$Shape
             */

            /**
             * Constructs a new ReadResponse.
             * @memberof gdp.v1
             * @classdesc Represents a ReadResponse.
             * @constructor
             * @param {gdp.v1.ReadResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReadResponse = function (properties) {
                this.records = [];
                this.proofs = [];
                this.batchHeartbeats = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReadResponse records.
             * @member {Array.<gdp.v1.Record.$Properties>} records
             * @memberof gdp.v1.ReadResponse
             * @instance
             */
            ReadResponse.prototype.records = $util.emptyArray;

            /**
             * ReadResponse proofs.
             * @member {Array.<gdp.v1.InclusionProof.$Properties>} proofs
             * @memberof gdp.v1.ReadResponse
             * @instance
             */
            ReadResponse.prototype.proofs = $util.emptyArray;

            /**
             * ReadResponse heartbeat.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} heartbeat
             * @memberof gdp.v1.ReadResponse
             * @instance
             */
            ReadResponse.prototype.heartbeat = null;

            /**
             * ReadResponse batchHeartbeats.
             * @member {Array.<gdp.v1.SignedHeartbeat.$Properties>} batchHeartbeats
             * @memberof gdp.v1.ReadResponse
             * @instance
             */
            ReadResponse.prototype.batchHeartbeats = $util.emptyArray;

            /**
             * Creates a new ReadResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ReadResponse
             * @static
             * @param {gdp.v1.ReadResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ReadResponse} ReadResponse instance
             * @type {{
             *   (properties: gdp.v1.ReadResponse.$Shape): gdp.v1.ReadResponse & gdp.v1.ReadResponse.$Shape;
             *   (properties?: gdp.v1.ReadResponse.$Properties): gdp.v1.ReadResponse;
             * }}
             */
            ReadResponse.create = function(properties) {
                return new ReadResponse(properties);
            };

            /**
             * Encodes the specified ReadResponse message. Does not implicitly {@link gdp.v1.ReadResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ReadResponse
             * @static
             * @param {gdp.v1.ReadResponse.$Properties} message ReadResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReadResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.records != null && message.records.length)
                    for (let i = 0; i < message.records.length; ++i)
                        $root.gdp.v1.Record.encode(message.records[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.proofs != null && message.proofs.length)
                    for (let i = 0; i < message.proofs.length; ++i)
                        $root.gdp.v1.InclusionProof.encode(message.proofs[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.heartbeat != null && $Object.hasOwnProperty.call(message, "heartbeat"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.heartbeat, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.batchHeartbeats != null && message.batchHeartbeats.length)
                    for (let i = 0; i < message.batchHeartbeats.length; ++i)
                        $root.gdp.v1.SignedHeartbeat.encode(message.batchHeartbeats[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReadResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ReadResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ReadResponse & gdp.v1.ReadResponse.$Shape} ReadResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReadResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ReadResponse();
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
                            if (!(message.records && message.records.length))
                                message.records = [];
                            message.records.push($root.gdp.v1.Record.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.proofs && message.proofs.length))
                                message.proofs = [];
                            message.proofs.push($root.gdp.v1.InclusionProof.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.heartbeat = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.heartbeat);
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.batchHeartbeats && message.batchHeartbeats.length))
                                message.batchHeartbeats = [];
                            message.batchHeartbeats.push($root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Gets the type url for ReadResponse
             * @function getTypeUrl
             * @memberof gdp.v1.ReadResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ReadResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ReadResponse";
            };

            return ReadResponse;
        })();

        v1.SubscribeRequest = (function() {

            /**
             * Properties of a SubscribeRequest.
             * @typedef {Object} gdp.v1.SubscribeRequest.$Properties
             * @property {number|Long|null} [fromSeqno] SubscribeRequest fromSeqno
             * @property {boolean|null} [proofs] SubscribeRequest proofs
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SubscribeRequest.
             * @memberof gdp.v1
             * @interface ISubscribeRequest
             * @augments gdp.v1.SubscribeRequest.$Properties
             * @deprecated Use gdp.v1.SubscribeRequest.$Properties instead.
             */

            /**
             * Shape of a SubscribeRequest.
             * @typedef {gdp.v1.SubscribeRequest.$Properties} gdp.v1.SubscribeRequest.$Shape
             */

            /**
             * Constructs a new SubscribeRequest.
             * @memberof gdp.v1
             * @classdesc Represents a SubscribeRequest.
             * @constructor
             * @param {gdp.v1.SubscribeRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SubscribeRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SubscribeRequest fromSeqno.
             * @member {number|Long} fromSeqno
             * @memberof gdp.v1.SubscribeRequest
             * @instance
             */
            SubscribeRequest.prototype.fromSeqno = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * SubscribeRequest proofs.
             * @member {boolean} proofs
             * @memberof gdp.v1.SubscribeRequest
             * @instance
             */
            SubscribeRequest.prototype.proofs = false;

            /**
             * Creates a new SubscribeRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SubscribeRequest
             * @static
             * @param {gdp.v1.SubscribeRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SubscribeRequest} SubscribeRequest instance
             * @type {{
             *   (properties: gdp.v1.SubscribeRequest.$Shape): gdp.v1.SubscribeRequest & gdp.v1.SubscribeRequest.$Shape;
             *   (properties?: gdp.v1.SubscribeRequest.$Properties): gdp.v1.SubscribeRequest;
             * }}
             */
            SubscribeRequest.create = function(properties) {
                return new SubscribeRequest(properties);
            };

            /**
             * Encodes the specified SubscribeRequest message. Does not implicitly {@link gdp.v1.SubscribeRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SubscribeRequest
             * @static
             * @param {gdp.v1.SubscribeRequest.$Properties} message SubscribeRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SubscribeRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.fromSeqno != null && $Object.hasOwnProperty.call(message, "fromSeqno") && (typeof message.fromSeqno === "object" ? message.fromSeqno.low || message.fromSeqno.high : message.fromSeqno !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.fromSeqno);
                if (message.proofs != null && $Object.hasOwnProperty.call(message, "proofs") && message.proofs !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.proofs);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SubscribeRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SubscribeRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SubscribeRequest & gdp.v1.SubscribeRequest.$Shape} SubscribeRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SubscribeRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.SubscribeRequest();
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
                                message.fromSeqno = value;
                            else
                                delete message.fromSeqno;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.proofs = value;
                            else
                                delete message.proofs;
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
             * Gets the type url for SubscribeRequest
             * @function getTypeUrl
             * @memberof gdp.v1.SubscribeRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SubscribeRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SubscribeRequest";
            };

            return SubscribeRequest;
        })();

        v1.UnsubscribeRequest = (function() {

            /**
             * Properties of an UnsubscribeRequest.
             * @typedef {Object} gdp.v1.UnsubscribeRequest.$Properties
             * @property {Uint8Array|null} [nonce] UnsubscribeRequest nonce
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an UnsubscribeRequest.
             * @memberof gdp.v1
             * @interface IUnsubscribeRequest
             * @augments gdp.v1.UnsubscribeRequest.$Properties
             * @deprecated Use gdp.v1.UnsubscribeRequest.$Properties instead.
             */

            /**
             * Shape of an UnsubscribeRequest.
             * @typedef {gdp.v1.UnsubscribeRequest.$Properties} gdp.v1.UnsubscribeRequest.$Shape
             */

            /**
             * Constructs a new UnsubscribeRequest.
             * @memberof gdp.v1
             * @classdesc Represents an UnsubscribeRequest.
             * @constructor
             * @param {gdp.v1.UnsubscribeRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const UnsubscribeRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * UnsubscribeRequest nonce.
             * @member {Uint8Array} nonce
             * @memberof gdp.v1.UnsubscribeRequest
             * @instance
             */
            UnsubscribeRequest.prototype.nonce = $util.newBuffer([]);

            /**
             * Creates a new UnsubscribeRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.UnsubscribeRequest
             * @static
             * @param {gdp.v1.UnsubscribeRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.UnsubscribeRequest} UnsubscribeRequest instance
             * @type {{
             *   (properties: gdp.v1.UnsubscribeRequest.$Shape): gdp.v1.UnsubscribeRequest & gdp.v1.UnsubscribeRequest.$Shape;
             *   (properties?: gdp.v1.UnsubscribeRequest.$Properties): gdp.v1.UnsubscribeRequest;
             * }}
             */
            UnsubscribeRequest.create = function(properties) {
                return new UnsubscribeRequest(properties);
            };

            /**
             * Encodes the specified UnsubscribeRequest message. Does not implicitly {@link gdp.v1.UnsubscribeRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.UnsubscribeRequest
             * @static
             * @param {gdp.v1.UnsubscribeRequest.$Properties} message UnsubscribeRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            UnsubscribeRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.nonce != null && $Object.hasOwnProperty.call(message, "nonce") && message.nonce.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.nonce);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an UnsubscribeRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.UnsubscribeRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.UnsubscribeRequest & gdp.v1.UnsubscribeRequest.$Shape} UnsubscribeRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            UnsubscribeRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.UnsubscribeRequest();
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
             * Gets the type url for UnsubscribeRequest
             * @function getTypeUrl
             * @memberof gdp.v1.UnsubscribeRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            UnsubscribeRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.UnsubscribeRequest";
            };

            return UnsubscribeRequest;
        })();

        v1.DeleteRequest = (function() {

            /**
             * Properties of a DeleteRequest.
             * @typedef {Object} gdp.v1.DeleteRequest.$Properties
             * @property {gdp.v1.SignedCapsuleDeletion.$Properties|null} [deletion] DeleteRequest deletion
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DeleteRequest.
             * @memberof gdp.v1
             * @interface IDeleteRequest
             * @augments gdp.v1.DeleteRequest.$Properties
             * @deprecated Use gdp.v1.DeleteRequest.$Properties instead.
             */

            /**
             * Shape of a DeleteRequest.
             * @typedef {gdp.v1.DeleteRequest.$Properties} gdp.v1.DeleteRequest.$Shape
             */

            /**
             * Constructs a new DeleteRequest.
             * @memberof gdp.v1
             * @classdesc Represents a DeleteRequest.
             * @constructor
             * @param {gdp.v1.DeleteRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DeleteRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * DeleteRequest deletion.
             * @member {gdp.v1.SignedCapsuleDeletion.$Properties|null|undefined} deletion
             * @memberof gdp.v1.DeleteRequest
             * @instance
             */
            DeleteRequest.prototype.deletion = null;

            /**
             * Creates a new DeleteRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.DeleteRequest
             * @static
             * @param {gdp.v1.DeleteRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.DeleteRequest} DeleteRequest instance
             * @type {{
             *   (properties: gdp.v1.DeleteRequest.$Shape): gdp.v1.DeleteRequest & gdp.v1.DeleteRequest.$Shape;
             *   (properties?: gdp.v1.DeleteRequest.$Properties): gdp.v1.DeleteRequest;
             * }}
             */
            DeleteRequest.create = function(properties) {
                return new DeleteRequest(properties);
            };

            /**
             * Encodes the specified DeleteRequest message. Does not implicitly {@link gdp.v1.DeleteRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.DeleteRequest
             * @static
             * @param {gdp.v1.DeleteRequest.$Properties} message DeleteRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeleteRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.deletion != null && $Object.hasOwnProperty.call(message, "deletion"))
                    $root.gdp.v1.SignedCapsuleDeletion.encode(message.deletion, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a DeleteRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.DeleteRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.DeleteRequest & gdp.v1.DeleteRequest.$Shape} DeleteRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeleteRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.DeleteRequest();
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
                            message.deletion = $root.gdp.v1.SignedCapsuleDeletion.decode(reader, reader.size(), $undefined, _depth + 1, message.deletion);
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
             * Gets the type url for DeleteRequest
             * @function getTypeUrl
             * @memberof gdp.v1.DeleteRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DeleteRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.DeleteRequest";
            };

            return DeleteRequest;
        })();

        v1.DeleteResponse = (function() {

            /**
             * Properties of a DeleteResponse.
             * @typedef {Object} gdp.v1.DeleteResponse.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a DeleteResponse.
             * @memberof gdp.v1
             * @interface IDeleteResponse
             * @augments gdp.v1.DeleteResponse.$Properties
             * @deprecated Use gdp.v1.DeleteResponse.$Properties instead.
             */

            /**
             * Shape of a DeleteResponse.
             * @typedef {gdp.v1.DeleteResponse.$Properties} gdp.v1.DeleteResponse.$Shape
             */

            /**
             * Constructs a new DeleteResponse.
             * @memberof gdp.v1
             * @classdesc Represents a DeleteResponse.
             * @constructor
             * @param {gdp.v1.DeleteResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const DeleteResponse = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new DeleteResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.DeleteResponse
             * @static
             * @param {gdp.v1.DeleteResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.DeleteResponse} DeleteResponse instance
             * @type {{
             *   (properties: gdp.v1.DeleteResponse.$Shape): gdp.v1.DeleteResponse & gdp.v1.DeleteResponse.$Shape;
             *   (properties?: gdp.v1.DeleteResponse.$Properties): gdp.v1.DeleteResponse;
             * }}
             */
            DeleteResponse.create = function(properties) {
                return new DeleteResponse(properties);
            };

            /**
             * Encodes the specified DeleteResponse message. Does not implicitly {@link gdp.v1.DeleteResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.DeleteResponse
             * @static
             * @param {gdp.v1.DeleteResponse.$Properties} message DeleteResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            DeleteResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a DeleteResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.DeleteResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.DeleteResponse & gdp.v1.DeleteResponse.$Shape} DeleteResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            DeleteResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.DeleteResponse();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
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
             * Gets the type url for DeleteResponse
             * @function getTypeUrl
             * @memberof gdp.v1.DeleteResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            DeleteResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.DeleteResponse";
            };

            return DeleteResponse;
        })();

        v1.HandOffRequest = (function() {

            /**
             * Properties of a HandOffRequest.
             * @typedef {Object} gdp.v1.HandOffRequest.$Properties
             * @property {gdp.v1.SignedCapsuleDeletion.$Properties|null} [removal] HandOffRequest removal
             * @property {Uint8Array|null} [to] HandOffRequest to
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a HandOffRequest.
             * @memberof gdp.v1
             * @interface IHandOffRequest
             * @augments gdp.v1.HandOffRequest.$Properties
             * @deprecated Use gdp.v1.HandOffRequest.$Properties instead.
             */

            /**
             * Shape of a HandOffRequest.
             * @typedef {gdp.v1.HandOffRequest.$Properties} gdp.v1.HandOffRequest.$Shape
             */

            /**
             * Constructs a new HandOffRequest.
             * @memberof gdp.v1
             * @classdesc Represents a HandOffRequest.
             * @constructor
             * @param {gdp.v1.HandOffRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const HandOffRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * HandOffRequest removal.
             * @member {gdp.v1.SignedCapsuleDeletion.$Properties|null|undefined} removal
             * @memberof gdp.v1.HandOffRequest
             * @instance
             */
            HandOffRequest.prototype.removal = null;

            /**
             * HandOffRequest to.
             * @member {Uint8Array} to
             * @memberof gdp.v1.HandOffRequest
             * @instance
             */
            HandOffRequest.prototype.to = $util.newBuffer([]);

            /**
             * Creates a new HandOffRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.HandOffRequest
             * @static
             * @param {gdp.v1.HandOffRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.HandOffRequest} HandOffRequest instance
             * @type {{
             *   (properties: gdp.v1.HandOffRequest.$Shape): gdp.v1.HandOffRequest & gdp.v1.HandOffRequest.$Shape;
             *   (properties?: gdp.v1.HandOffRequest.$Properties): gdp.v1.HandOffRequest;
             * }}
             */
            HandOffRequest.create = function(properties) {
                return new HandOffRequest(properties);
            };

            /**
             * Encodes the specified HandOffRequest message. Does not implicitly {@link gdp.v1.HandOffRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.HandOffRequest
             * @static
             * @param {gdp.v1.HandOffRequest.$Properties} message HandOffRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HandOffRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.removal != null && $Object.hasOwnProperty.call(message, "removal"))
                    $root.gdp.v1.SignedCapsuleDeletion.encode(message.removal, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.to != null && $Object.hasOwnProperty.call(message, "to") && message.to.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.to);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a HandOffRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.HandOffRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.HandOffRequest & gdp.v1.HandOffRequest.$Shape} HandOffRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            HandOffRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.HandOffRequest();
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
                            message.removal = $root.gdp.v1.SignedCapsuleDeletion.decode(reader, reader.size(), $undefined, _depth + 1, message.removal);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.to = value;
                            else
                                delete message.to;
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
             * Gets the type url for HandOffRequest
             * @function getTypeUrl
             * @memberof gdp.v1.HandOffRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            HandOffRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.HandOffRequest";
            };

            return HandOffRequest;
        })();

        v1.HandOffResponse = (function() {

            /**
             * Properties of a HandOffResponse.
             * @typedef {Object} gdp.v1.HandOffResponse.$Properties
             * @property {number|Long|null} [size] HandOffResponse size
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a HandOffResponse.
             * @memberof gdp.v1
             * @interface IHandOffResponse
             * @augments gdp.v1.HandOffResponse.$Properties
             * @deprecated Use gdp.v1.HandOffResponse.$Properties instead.
             */

            /**
             * Shape of a HandOffResponse.
             * @typedef {gdp.v1.HandOffResponse.$Properties} gdp.v1.HandOffResponse.$Shape
             */

            /**
             * Constructs a new HandOffResponse.
             * @memberof gdp.v1
             * @classdesc Represents a HandOffResponse.
             * @constructor
             * @param {gdp.v1.HandOffResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const HandOffResponse = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * HandOffResponse size.
             * @member {number|Long} size
             * @memberof gdp.v1.HandOffResponse
             * @instance
             */
            HandOffResponse.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new HandOffResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.HandOffResponse
             * @static
             * @param {gdp.v1.HandOffResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.HandOffResponse} HandOffResponse instance
             * @type {{
             *   (properties: gdp.v1.HandOffResponse.$Shape): gdp.v1.HandOffResponse & gdp.v1.HandOffResponse.$Shape;
             *   (properties?: gdp.v1.HandOffResponse.$Properties): gdp.v1.HandOffResponse;
             * }}
             */
            HandOffResponse.create = function(properties) {
                return new HandOffResponse(properties);
            };

            /**
             * Encodes the specified HandOffResponse message. Does not implicitly {@link gdp.v1.HandOffResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.HandOffResponse
             * @static
             * @param {gdp.v1.HandOffResponse.$Properties} message HandOffResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            HandOffResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.size);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a HandOffResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.HandOffResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.HandOffResponse & gdp.v1.HandOffResponse.$Shape} HandOffResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            HandOffResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.HandOffResponse();
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
                                message.size = value;
                            else
                                delete message.size;
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
             * Gets the type url for HandOffResponse
             * @function getTypeUrl
             * @memberof gdp.v1.HandOffResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            HandOffResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.HandOffResponse";
            };

            return HandOffResponse;
        })();

        v1.InfoRequest = (function() {

            /**
             * Properties of an InfoRequest.
             * @typedef {Object} gdp.v1.InfoRequest.$Properties
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an InfoRequest.
             * @memberof gdp.v1
             * @interface IInfoRequest
             * @augments gdp.v1.InfoRequest.$Properties
             * @deprecated Use gdp.v1.InfoRequest.$Properties instead.
             */

            /**
             * Shape of an InfoRequest.
             * @typedef {gdp.v1.InfoRequest.$Properties} gdp.v1.InfoRequest.$Shape
             */

            /**
             * Constructs a new InfoRequest.
             * @memberof gdp.v1
             * @classdesc Represents an InfoRequest.
             * @constructor
             * @param {gdp.v1.InfoRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const InfoRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * Creates a new InfoRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.InfoRequest
             * @static
             * @param {gdp.v1.InfoRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.InfoRequest} InfoRequest instance
             * @type {{
             *   (properties: gdp.v1.InfoRequest.$Shape): gdp.v1.InfoRequest & gdp.v1.InfoRequest.$Shape;
             *   (properties?: gdp.v1.InfoRequest.$Properties): gdp.v1.InfoRequest;
             * }}
             */
            InfoRequest.create = function(properties) {
                return new InfoRequest(properties);
            };

            /**
             * Encodes the specified InfoRequest message. Does not implicitly {@link gdp.v1.InfoRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.InfoRequest
             * @static
             * @param {gdp.v1.InfoRequest.$Properties} message InfoRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            InfoRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an InfoRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.InfoRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.InfoRequest & gdp.v1.InfoRequest.$Shape} InfoRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            InfoRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.InfoRequest();
                while (reader.pos < end) {
                    let start = reader.pos;
                    let tag = reader.tag();
                    if (tag === _end) {
                        _end = $undefined;
                        break;
                    }
                    reader.skipType(tag & 7, _depth, tag);
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
             * Gets the type url for InfoRequest
             * @function getTypeUrl
             * @memberof gdp.v1.InfoRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            InfoRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.InfoRequest";
            };

            return InfoRequest;
        })();

        v1.InfoResponse = (function() {

            /**
             * Properties of an InfoResponse.
             * @typedef {Object} gdp.v1.InfoResponse.$Properties
             * @property {gdp.v1.SignedMetadata.$Properties|null} [metadata] InfoResponse metadata
             * @property {gdp.v1.SignedHeartbeat.$Properties|null} [head] InfoResponse head
             * @property {number|Long|null} [size] InfoResponse size
             * @property {Array.<Uint8Array>|null} [frontier] InfoResponse frontier
             * @property {gdp.v1.ReplicaSet.$Properties|null} [replicas] InfoResponse replicas
             * @property {Uint8Array|null} [forkProof] InfoResponse forkProof
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an InfoResponse.
             * @memberof gdp.v1
             * @interface IInfoResponse
             * @augments gdp.v1.InfoResponse.$Properties
             * @deprecated Use gdp.v1.InfoResponse.$Properties instead.
             */

            /**
             * Shape of an InfoResponse.
             * @typedef {gdp.v1.InfoResponse.$Properties} gdp.v1.InfoResponse.$Shape
             */

            /**
             * Constructs a new InfoResponse.
             * @memberof gdp.v1
             * @classdesc Represents an InfoResponse.
             * @constructor
             * @param {gdp.v1.InfoResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const InfoResponse = function (properties) {
                this.frontier = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * InfoResponse metadata.
             * @member {gdp.v1.SignedMetadata.$Properties|null|undefined} metadata
             * @memberof gdp.v1.InfoResponse
             * @instance
             */
            InfoResponse.prototype.metadata = null;

            /**
             * InfoResponse head.
             * @member {gdp.v1.SignedHeartbeat.$Properties|null|undefined} head
             * @memberof gdp.v1.InfoResponse
             * @instance
             */
            InfoResponse.prototype.head = null;

            /**
             * InfoResponse size.
             * @member {number|Long} size
             * @memberof gdp.v1.InfoResponse
             * @instance
             */
            InfoResponse.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * InfoResponse frontier.
             * @member {Array.<Uint8Array>} frontier
             * @memberof gdp.v1.InfoResponse
             * @instance
             */
            InfoResponse.prototype.frontier = $util.emptyArray;

            /**
             * InfoResponse replicas.
             * @member {gdp.v1.ReplicaSet.$Properties|null|undefined} replicas
             * @memberof gdp.v1.InfoResponse
             * @instance
             */
            InfoResponse.prototype.replicas = null;

            /**
             * InfoResponse forkProof.
             * @member {Uint8Array} forkProof
             * @memberof gdp.v1.InfoResponse
             * @instance
             */
            InfoResponse.prototype.forkProof = $util.newBuffer([]);

            /**
             * Creates a new InfoResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.InfoResponse
             * @static
             * @param {gdp.v1.InfoResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.InfoResponse} InfoResponse instance
             * @type {{
             *   (properties: gdp.v1.InfoResponse.$Shape): gdp.v1.InfoResponse & gdp.v1.InfoResponse.$Shape;
             *   (properties?: gdp.v1.InfoResponse.$Properties): gdp.v1.InfoResponse;
             * }}
             */
            InfoResponse.create = function(properties) {
                return new InfoResponse(properties);
            };

            /**
             * Encodes the specified InfoResponse message. Does not implicitly {@link gdp.v1.InfoResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.InfoResponse
             * @static
             * @param {gdp.v1.InfoResponse.$Properties} message InfoResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            InfoResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.metadata != null && $Object.hasOwnProperty.call(message, "metadata"))
                    $root.gdp.v1.SignedMetadata.encode(message.metadata, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.head != null && $Object.hasOwnProperty.call(message, "head"))
                    $root.gdp.v1.SignedHeartbeat.encode(message.head, writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.size);
                if (message.frontier != null && message.frontier.length)
                    for (let i = 0; i < message.frontier.length; ++i)
                        writer.uint32(/* id 4, wireType 2 =*/34).bytes(message.frontier[i]);
                if (message.replicas != null && $Object.hasOwnProperty.call(message, "replicas"))
                    $root.gdp.v1.ReplicaSet.encode(message.replicas, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
                if (message.forkProof != null && $Object.hasOwnProperty.call(message, "forkProof") && message.forkProof.length)
                    writer.uint32(/* id 6, wireType 2 =*/50).bytes(message.forkProof);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an InfoResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.InfoResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.InfoResponse & gdp.v1.InfoResponse.$Shape} InfoResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            InfoResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.InfoResponse();
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
                            message.head = $root.gdp.v1.SignedHeartbeat.decode(reader, reader.size(), $undefined, _depth + 1, message.head);
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (typeof (value = reader.uint64()) === "object" ? value.low || value.high : value !== 0)
                                message.size = value;
                            else
                                delete message.size;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 2)
                                break;
                            if (!(message.frontier && message.frontier.length))
                                message.frontier = [];
                            message.frontier.push(reader.bytes());
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            message.replicas = $root.gdp.v1.ReplicaSet.decode(reader, reader.size(), $undefined, _depth + 1, message.replicas);
                            continue;
                        }
                    case 6: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.forkProof = value;
                            else
                                delete message.forkProof;
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
             * Gets the type url for InfoResponse
             * @function getTypeUrl
             * @memberof gdp.v1.InfoResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            InfoResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.InfoResponse";
            };

            return InfoResponse;
        })();

        v1.ListRequest = (function() {

            /**
             * Properties of a ListRequest.
             * @typedef {Object} gdp.v1.ListRequest.$Properties
             * @property {Uint8Array|null} [after] ListRequest after
             * @property {number|null} [limit] ListRequest limit
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ListRequest.
             * @memberof gdp.v1
             * @interface IListRequest
             * @augments gdp.v1.ListRequest.$Properties
             * @deprecated Use gdp.v1.ListRequest.$Properties instead.
             */

            /**
             * Shape of a ListRequest.
             * @typedef {gdp.v1.ListRequest.$Properties} gdp.v1.ListRequest.$Shape
             */

            /**
             * Constructs a new ListRequest.
             * @memberof gdp.v1
             * @classdesc Represents a ListRequest.
             * @constructor
             * @param {gdp.v1.ListRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ListRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ListRequest after.
             * @member {Uint8Array} after
             * @memberof gdp.v1.ListRequest
             * @instance
             */
            ListRequest.prototype.after = $util.newBuffer([]);

            /**
             * ListRequest limit.
             * @member {number} limit
             * @memberof gdp.v1.ListRequest
             * @instance
             */
            ListRequest.prototype.limit = 0;

            /**
             * Creates a new ListRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ListRequest
             * @static
             * @param {gdp.v1.ListRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ListRequest} ListRequest instance
             * @type {{
             *   (properties: gdp.v1.ListRequest.$Shape): gdp.v1.ListRequest & gdp.v1.ListRequest.$Shape;
             *   (properties?: gdp.v1.ListRequest.$Properties): gdp.v1.ListRequest;
             * }}
             */
            ListRequest.create = function(properties) {
                return new ListRequest(properties);
            };

            /**
             * Encodes the specified ListRequest message. Does not implicitly {@link gdp.v1.ListRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ListRequest
             * @static
             * @param {gdp.v1.ListRequest.$Properties} message ListRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ListRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.after != null && $Object.hasOwnProperty.call(message, "after") && message.after.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.after);
                if (message.limit != null && $Object.hasOwnProperty.call(message, "limit") && message.limit !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.limit);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ListRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ListRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ListRequest & gdp.v1.ListRequest.$Shape} ListRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ListRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ListRequest();
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
                                message.after = value;
                            else
                                delete message.after;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.limit = value;
                            else
                                delete message.limit;
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
             * Gets the type url for ListRequest
             * @function getTypeUrl
             * @memberof gdp.v1.ListRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ListRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ListRequest";
            };

            return ListRequest;
        })();

        v1.ListResponse = (function() {

            /**
             * Properties of a ListResponse.
             * @typedef {Object} gdp.v1.ListResponse.$Properties
             * @property {Array.<gdp.v1.CapsuleSummary.$Properties>|null} [capsules] ListResponse capsules
             * @property {boolean|null} [more] ListResponse more
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ListResponse.
             * @memberof gdp.v1
             * @interface IListResponse
             * @augments gdp.v1.ListResponse.$Properties
             * @deprecated Use gdp.v1.ListResponse.$Properties instead.
             */

            /**
             * Shape of a ListResponse.
             * @typedef {gdp.v1.ListResponse.$Properties} gdp.v1.ListResponse.$Shape
             */

            /**
             * Constructs a new ListResponse.
             * @memberof gdp.v1
             * @classdesc Represents a ListResponse.
             * @constructor
             * @param {gdp.v1.ListResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ListResponse = function (properties) {
                this.capsules = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ListResponse capsules.
             * @member {Array.<gdp.v1.CapsuleSummary.$Properties>} capsules
             * @memberof gdp.v1.ListResponse
             * @instance
             */
            ListResponse.prototype.capsules = $util.emptyArray;

            /**
             * ListResponse more.
             * @member {boolean} more
             * @memberof gdp.v1.ListResponse
             * @instance
             */
            ListResponse.prototype.more = false;

            /**
             * Creates a new ListResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ListResponse
             * @static
             * @param {gdp.v1.ListResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ListResponse} ListResponse instance
             * @type {{
             *   (properties: gdp.v1.ListResponse.$Shape): gdp.v1.ListResponse & gdp.v1.ListResponse.$Shape;
             *   (properties?: gdp.v1.ListResponse.$Properties): gdp.v1.ListResponse;
             * }}
             */
            ListResponse.create = function(properties) {
                return new ListResponse(properties);
            };

            /**
             * Encodes the specified ListResponse message. Does not implicitly {@link gdp.v1.ListResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ListResponse
             * @static
             * @param {gdp.v1.ListResponse.$Properties} message ListResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ListResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.capsules != null && message.capsules.length)
                    for (let i = 0; i < message.capsules.length; ++i)
                        $root.gdp.v1.CapsuleSummary.encode(message.capsules[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.more != null && $Object.hasOwnProperty.call(message, "more") && message.more !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.more);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ListResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ListResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ListResponse & gdp.v1.ListResponse.$Shape} ListResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ListResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ListResponse();
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
                            if (!(message.capsules && message.capsules.length))
                                message.capsules = [];
                            message.capsules.push($root.gdp.v1.CapsuleSummary.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.more = value;
                            else
                                delete message.more;
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
             * Gets the type url for ListResponse
             * @function getTypeUrl
             * @memberof gdp.v1.ListResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ListResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ListResponse";
            };

            return ListResponse;
        })();

        v1.CapsuleSummary = (function() {

            /**
             * Properties of a CapsuleSummary.
             * @typedef {Object} gdp.v1.CapsuleSummary.$Properties
             * @property {Uint8Array|null} [name] CapsuleSummary name
             * @property {number|Long|null} [size] CapsuleSummary size
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a CapsuleSummary.
             * @memberof gdp.v1
             * @interface ICapsuleSummary
             * @augments gdp.v1.CapsuleSummary.$Properties
             * @deprecated Use gdp.v1.CapsuleSummary.$Properties instead.
             */

            /**
             * Shape of a CapsuleSummary.
             * @typedef {gdp.v1.CapsuleSummary.$Properties} gdp.v1.CapsuleSummary.$Shape
             */

            /**
             * Constructs a new CapsuleSummary.
             * @memberof gdp.v1
             * @classdesc Represents a CapsuleSummary.
             * @constructor
             * @param {gdp.v1.CapsuleSummary.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const CapsuleSummary = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * CapsuleSummary name.
             * @member {Uint8Array} name
             * @memberof gdp.v1.CapsuleSummary
             * @instance
             */
            CapsuleSummary.prototype.name = $util.newBuffer([]);

            /**
             * CapsuleSummary size.
             * @member {number|Long} size
             * @memberof gdp.v1.CapsuleSummary
             * @instance
             */
            CapsuleSummary.prototype.size = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * Creates a new CapsuleSummary instance using the specified properties.
             * @function create
             * @memberof gdp.v1.CapsuleSummary
             * @static
             * @param {gdp.v1.CapsuleSummary.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.CapsuleSummary} CapsuleSummary instance
             * @type {{
             *   (properties: gdp.v1.CapsuleSummary.$Shape): gdp.v1.CapsuleSummary & gdp.v1.CapsuleSummary.$Shape;
             *   (properties?: gdp.v1.CapsuleSummary.$Properties): gdp.v1.CapsuleSummary;
             * }}
             */
            CapsuleSummary.create = function(properties) {
                return new CapsuleSummary(properties);
            };

            /**
             * Encodes the specified CapsuleSummary message. Does not implicitly {@link gdp.v1.CapsuleSummary.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.CapsuleSummary
             * @static
             * @param {gdp.v1.CapsuleSummary.$Properties} message CapsuleSummary message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            CapsuleSummary.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.name != null && $Object.hasOwnProperty.call(message, "name") && message.name.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.name);
                if (message.size != null && $Object.hasOwnProperty.call(message, "size") && (typeof message.size === "object" ? message.size.low || message.size.high : message.size !== 0))
                    writer.uint32(/* id 2, wireType 0 =*/16).uint64(message.size);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a CapsuleSummary message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.CapsuleSummary
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.CapsuleSummary & gdp.v1.CapsuleSummary.$Shape} CapsuleSummary
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            CapsuleSummary.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.CapsuleSummary();
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
                                message.name = value;
                            else
                                delete message.name;
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
             * Gets the type url for CapsuleSummary
             * @function getTypeUrl
             * @memberof gdp.v1.CapsuleSummary
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            CapsuleSummary.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.CapsuleSummary";
            };

            return CapsuleSummary;
        })();

        v1.ProposeServersRequest = (function() {

            /**
             * Properties of a ProposeServersRequest.
             * @typedef {Object} gdp.v1.ProposeServersRequest.$Properties
             * @property {number|null} [count] ProposeServersRequest count
             * @property {boolean|null} [spreadDomains] ProposeServersRequest spreadDomains
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ProposeServersRequest.
             * @memberof gdp.v1
             * @interface IProposeServersRequest
             * @augments gdp.v1.ProposeServersRequest.$Properties
             * @deprecated Use gdp.v1.ProposeServersRequest.$Properties instead.
             */

            /**
             * Shape of a ProposeServersRequest.
             * @typedef {gdp.v1.ProposeServersRequest.$Properties} gdp.v1.ProposeServersRequest.$Shape
             */

            /**
             * Constructs a new ProposeServersRequest.
             * @memberof gdp.v1
             * @classdesc Represents a ProposeServersRequest.
             * @constructor
             * @param {gdp.v1.ProposeServersRequest.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ProposeServersRequest = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ProposeServersRequest count.
             * @member {number} count
             * @memberof gdp.v1.ProposeServersRequest
             * @instance
             */
            ProposeServersRequest.prototype.count = 0;

            /**
             * ProposeServersRequest spreadDomains.
             * @member {boolean} spreadDomains
             * @memberof gdp.v1.ProposeServersRequest
             * @instance
             */
            ProposeServersRequest.prototype.spreadDomains = false;

            /**
             * Creates a new ProposeServersRequest instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ProposeServersRequest
             * @static
             * @param {gdp.v1.ProposeServersRequest.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ProposeServersRequest} ProposeServersRequest instance
             * @type {{
             *   (properties: gdp.v1.ProposeServersRequest.$Shape): gdp.v1.ProposeServersRequest & gdp.v1.ProposeServersRequest.$Shape;
             *   (properties?: gdp.v1.ProposeServersRequest.$Properties): gdp.v1.ProposeServersRequest;
             * }}
             */
            ProposeServersRequest.create = function(properties) {
                return new ProposeServersRequest(properties);
            };

            /**
             * Encodes the specified ProposeServersRequest message. Does not implicitly {@link gdp.v1.ProposeServersRequest.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ProposeServersRequest
             * @static
             * @param {gdp.v1.ProposeServersRequest.$Properties} message ProposeServersRequest message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ProposeServersRequest.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && message.count !== 0)
                    writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.count);
                if (message.spreadDomains != null && $Object.hasOwnProperty.call(message, "spreadDomains") && message.spreadDomains !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.spreadDomains);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ProposeServersRequest message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ProposeServersRequest
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ProposeServersRequest & gdp.v1.ProposeServersRequest.$Shape} ProposeServersRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ProposeServersRequest.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ProposeServersRequest();
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
                                message.count = value;
                            else
                                delete message.count;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.spreadDomains = value;
                            else
                                delete message.spreadDomains;
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
             * Gets the type url for ProposeServersRequest
             * @function getTypeUrl
             * @memberof gdp.v1.ProposeServersRequest
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ProposeServersRequest.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ProposeServersRequest";
            };

            return ProposeServersRequest;
        })();

        v1.ProposeServersResponse = (function() {

            /**
             * Properties of a ProposeServersResponse.
             * @typedef {Object} gdp.v1.ProposeServersResponse.$Properties
             * @property {Array.<gdp.v1.ProposedServer.$Properties>|null} [servers] ProposeServersResponse servers
             * @property {number|null} [known] ProposeServersResponse known
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ProposeServersResponse.
             * @memberof gdp.v1
             * @interface IProposeServersResponse
             * @augments gdp.v1.ProposeServersResponse.$Properties
             * @deprecated Use gdp.v1.ProposeServersResponse.$Properties instead.
             */

            /**
             * Shape of a ProposeServersResponse.
             * @typedef {gdp.v1.ProposeServersResponse.$Properties} gdp.v1.ProposeServersResponse.$Shape
             */

            /**
             * Constructs a new ProposeServersResponse.
             * @memberof gdp.v1
             * @classdesc Represents a ProposeServersResponse.
             * @constructor
             * @param {gdp.v1.ProposeServersResponse.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ProposeServersResponse = function (properties) {
                this.servers = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ProposeServersResponse servers.
             * @member {Array.<gdp.v1.ProposedServer.$Properties>} servers
             * @memberof gdp.v1.ProposeServersResponse
             * @instance
             */
            ProposeServersResponse.prototype.servers = $util.emptyArray;

            /**
             * ProposeServersResponse known.
             * @member {number} known
             * @memberof gdp.v1.ProposeServersResponse
             * @instance
             */
            ProposeServersResponse.prototype.known = 0;

            /**
             * Creates a new ProposeServersResponse instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ProposeServersResponse
             * @static
             * @param {gdp.v1.ProposeServersResponse.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ProposeServersResponse} ProposeServersResponse instance
             * @type {{
             *   (properties: gdp.v1.ProposeServersResponse.$Shape): gdp.v1.ProposeServersResponse & gdp.v1.ProposeServersResponse.$Shape;
             *   (properties?: gdp.v1.ProposeServersResponse.$Properties): gdp.v1.ProposeServersResponse;
             * }}
             */
            ProposeServersResponse.create = function(properties) {
                return new ProposeServersResponse(properties);
            };

            /**
             * Encodes the specified ProposeServersResponse message. Does not implicitly {@link gdp.v1.ProposeServersResponse.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ProposeServersResponse
             * @static
             * @param {gdp.v1.ProposeServersResponse.$Properties} message ProposeServersResponse message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ProposeServersResponse.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.servers != null && message.servers.length)
                    for (let i = 0; i < message.servers.length; ++i)
                        $root.gdp.v1.ProposedServer.encode(message.servers[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.known != null && $Object.hasOwnProperty.call(message, "known") && message.known !== 0)
                    writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.known);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ProposeServersResponse message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ProposeServersResponse
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ProposeServersResponse & gdp.v1.ProposeServersResponse.$Shape} ProposeServersResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ProposeServersResponse.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ProposeServersResponse();
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
                            if (!(message.servers && message.servers.length))
                                message.servers = [];
                            message.servers.push($root.gdp.v1.ProposedServer.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.known = value;
                            else
                                delete message.known;
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
             * Gets the type url for ProposeServersResponse
             * @function getTypeUrl
             * @memberof gdp.v1.ProposeServersResponse
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ProposeServersResponse.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ProposeServersResponse";
            };

            return ProposeServersResponse;
        })();

        v1.ProposedServer = (function() {

            /**
             * Properties of a ProposedServer.
             * @typedef {Object} gdp.v1.ProposedServer.$Properties
             * @property {Uint8Array|null} [server] ProposedServer server
             * @property {Uint8Array|null} [via] ProposedServer via
             * @property {number|null} [cost] ProposedServer cost
             * @property {number|null} [host] ProposedServer host
             * @property {Uint8Array|null} [domain] ProposedServer domain
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ProposedServer.
             * @memberof gdp.v1
             * @interface IProposedServer
             * @augments gdp.v1.ProposedServer.$Properties
             * @deprecated Use gdp.v1.ProposedServer.$Properties instead.
             */

            /**
             * Shape of a ProposedServer.
             * @typedef {gdp.v1.ProposedServer.$Properties} gdp.v1.ProposedServer.$Shape
             */

            /**
             * Constructs a new ProposedServer.
             * @memberof gdp.v1
             * @classdesc Represents a ProposedServer.
             * @constructor
             * @param {gdp.v1.ProposedServer.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ProposedServer = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ProposedServer server.
             * @member {Uint8Array} server
             * @memberof gdp.v1.ProposedServer
             * @instance
             */
            ProposedServer.prototype.server = $util.newBuffer([]);

            /**
             * ProposedServer via.
             * @member {Uint8Array} via
             * @memberof gdp.v1.ProposedServer
             * @instance
             */
            ProposedServer.prototype.via = $util.newBuffer([]);

            /**
             * ProposedServer cost.
             * @member {number} cost
             * @memberof gdp.v1.ProposedServer
             * @instance
             */
            ProposedServer.prototype.cost = 0;

            /**
             * ProposedServer host.
             * @member {number} host
             * @memberof gdp.v1.ProposedServer
             * @instance
             */
            ProposedServer.prototype.host = 0;

            /**
             * ProposedServer domain.
             * @member {Uint8Array} domain
             * @memberof gdp.v1.ProposedServer
             * @instance
             */
            ProposedServer.prototype.domain = $util.newBuffer([]);

            /**
             * Creates a new ProposedServer instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ProposedServer
             * @static
             * @param {gdp.v1.ProposedServer.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ProposedServer} ProposedServer instance
             * @type {{
             *   (properties: gdp.v1.ProposedServer.$Shape): gdp.v1.ProposedServer & gdp.v1.ProposedServer.$Shape;
             *   (properties?: gdp.v1.ProposedServer.$Properties): gdp.v1.ProposedServer;
             * }}
             */
            ProposedServer.create = function(properties) {
                return new ProposedServer(properties);
            };

            /**
             * Encodes the specified ProposedServer message. Does not implicitly {@link gdp.v1.ProposedServer.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ProposedServer
             * @static
             * @param {gdp.v1.ProposedServer.$Properties} message ProposedServer message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ProposedServer.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.server != null && $Object.hasOwnProperty.call(message, "server") && message.server.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.server);
                if (message.via != null && $Object.hasOwnProperty.call(message, "via") && message.via.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.via);
                if (message.cost != null && $Object.hasOwnProperty.call(message, "cost") && message.cost !== 0)
                    writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.cost);
                if (message.host != null && $Object.hasOwnProperty.call(message, "host") && message.host !== 0)
                    writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.host);
                if (message.domain != null && $Object.hasOwnProperty.call(message, "domain") && message.domain.length)
                    writer.uint32(/* id 5, wireType 2 =*/42).bytes(message.domain);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ProposedServer message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ProposedServer
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ProposedServer & gdp.v1.ProposedServer.$Shape} ProposedServer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ProposedServer.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ProposedServer();
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
                                message.server = value;
                            else
                                delete message.server;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.via = value;
                            else
                                delete message.via;
                            continue;
                        }
                    case 3: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.cost = value;
                            else
                                delete message.cost;
                            continue;
                        }
                    case 4: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.host = value;
                            else
                                delete message.host;
                            continue;
                        }
                    case 5: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.domain = value;
                            else
                                delete message.domain;
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
             * Gets the type url for ProposedServer
             * @function getTypeUrl
             * @memberof gdp.v1.ProposedServer
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ProposedServer.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ProposedServer";
            };

            return ProposedServer;
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

        v1.ReplicaSet = (function() {

            /**
             * Properties of a ReplicaSet.
             * @typedef {Object} gdp.v1.ReplicaSet.$Properties
             * @property {Array.<gdp.v1.SignedAdCert.$Properties>|null} [adcerts] ReplicaSet adcerts
             * @property {Array.<gdp.v1.SignedCapsuleDeletion.$Properties>|null} [removals] ReplicaSet removals
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a ReplicaSet.
             * @memberof gdp.v1
             * @interface IReplicaSet
             * @augments gdp.v1.ReplicaSet.$Properties
             * @deprecated Use gdp.v1.ReplicaSet.$Properties instead.
             */

            /**
             * Shape of a ReplicaSet.
             * @typedef {gdp.v1.ReplicaSet.$Properties} gdp.v1.ReplicaSet.$Shape
             */

            /**
             * Constructs a new ReplicaSet.
             * @memberof gdp.v1
             * @classdesc Represents a ReplicaSet.
             * @constructor
             * @param {gdp.v1.ReplicaSet.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const ReplicaSet = function (properties) {
                this.adcerts = [];
                this.removals = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * ReplicaSet adcerts.
             * @member {Array.<gdp.v1.SignedAdCert.$Properties>} adcerts
             * @memberof gdp.v1.ReplicaSet
             * @instance
             */
            ReplicaSet.prototype.adcerts = $util.emptyArray;

            /**
             * ReplicaSet removals.
             * @member {Array.<gdp.v1.SignedCapsuleDeletion.$Properties>} removals
             * @memberof gdp.v1.ReplicaSet
             * @instance
             */
            ReplicaSet.prototype.removals = $util.emptyArray;

            /**
             * Creates a new ReplicaSet instance using the specified properties.
             * @function create
             * @memberof gdp.v1.ReplicaSet
             * @static
             * @param {gdp.v1.ReplicaSet.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.ReplicaSet} ReplicaSet instance
             * @type {{
             *   (properties: gdp.v1.ReplicaSet.$Shape): gdp.v1.ReplicaSet & gdp.v1.ReplicaSet.$Shape;
             *   (properties?: gdp.v1.ReplicaSet.$Properties): gdp.v1.ReplicaSet;
             * }}
             */
            ReplicaSet.create = function(properties) {
                return new ReplicaSet(properties);
            };

            /**
             * Encodes the specified ReplicaSet message. Does not implicitly {@link gdp.v1.ReplicaSet.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.ReplicaSet
             * @static
             * @param {gdp.v1.ReplicaSet.$Properties} message ReplicaSet message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            ReplicaSet.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.adcerts != null && message.adcerts.length)
                    for (let i = 0; i < message.adcerts.length; ++i)
                        $root.gdp.v1.SignedAdCert.encode(message.adcerts[i], writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.removals != null && message.removals.length)
                    for (let i = 0; i < message.removals.length; ++i)
                        $root.gdp.v1.SignedCapsuleDeletion.encode(message.removals[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a ReplicaSet message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.ReplicaSet
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.ReplicaSet & gdp.v1.ReplicaSet.$Shape} ReplicaSet
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            ReplicaSet.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.ReplicaSet();
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
                            if (!(message.adcerts && message.adcerts.length))
                                message.adcerts = [];
                            message.adcerts.push($root.gdp.v1.SignedAdCert.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.removals && message.removals.length))
                                message.removals = [];
                            message.removals.push($root.gdp.v1.SignedCapsuleDeletion.decode(reader, reader.size(), $undefined, _depth + 1));
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
             * Gets the type url for ReplicaSet
             * @function getTypeUrl
             * @memberof gdp.v1.ReplicaSet
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            ReplicaSet.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.ReplicaSet";
            };

            return ReplicaSet;
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
             * @property {Array.<gdp.v1.AdvertisedCapsule.$Properties>|null} [added] Advertisement added
             * @property {Array.<Uint8Array>|null} [withdrawn] Advertisement withdrawn
             * @property {gdp.v1.AdvertisedSet.$Properties|null} [set] Advertisement set
             * @property {gdp.v1.AdvertisementSnapshot.$Properties|null} [snapshot] Advertisement snapshot
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
                this.added = [];
                this.withdrawn = [];
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
             * Advertisement added.
             * @member {Array.<gdp.v1.AdvertisedCapsule.$Properties>} added
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.added = $util.emptyArray;

            /**
             * Advertisement withdrawn.
             * @member {Array.<Uint8Array>} withdrawn
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.withdrawn = $util.emptyArray;

            /**
             * Advertisement set.
             * @member {gdp.v1.AdvertisedSet.$Properties|null|undefined} set
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.set = null;

            /**
             * Advertisement snapshot.
             * @member {gdp.v1.AdvertisementSnapshot.$Properties|null|undefined} snapshot
             * @memberof gdp.v1.Advertisement
             * @instance
             */
            Advertisement.prototype.snapshot = null;

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
                if (message.added != null && message.added.length)
                    for (let i = 0; i < message.added.length; ++i)
                        $root.gdp.v1.AdvertisedCapsule.encode(message.added[i], writer.uint32(/* id 8, wireType 2 =*/66).fork(), _depth + 1).ldelim();
                if (message.withdrawn != null && message.withdrawn.length)
                    for (let i = 0; i < message.withdrawn.length; ++i)
                        writer.uint32(/* id 9, wireType 2 =*/74).bytes(message.withdrawn[i]);
                if (message.set != null && $Object.hasOwnProperty.call(message, "set"))
                    $root.gdp.v1.AdvertisedSet.encode(message.set, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
                if (message.snapshot != null && $Object.hasOwnProperty.call(message, "snapshot"))
                    $root.gdp.v1.AdvertisementSnapshot.encode(message.snapshot, writer.uint32(/* id 11, wireType 2 =*/90).fork(), _depth + 1).ldelim();
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
                    case 8: {
                            if (wireType !== 2)
                                break;
                            if (!(message.added && message.added.length))
                                message.added = [];
                            message.added.push($root.gdp.v1.AdvertisedCapsule.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 9: {
                            if (wireType !== 2)
                                break;
                            if (!(message.withdrawn && message.withdrawn.length))
                                message.withdrawn = [];
                            message.withdrawn.push(reader.bytes());
                            continue;
                        }
                    case 10: {
                            if (wireType !== 2)
                                break;
                            message.set = $root.gdp.v1.AdvertisedSet.decode(reader, reader.size(), $undefined, _depth + 1, message.set);
                            continue;
                        }
                    case 11: {
                            if (wireType !== 2)
                                break;
                            message.snapshot = $root.gdp.v1.AdvertisementSnapshot.decode(reader, reader.size(), $undefined, _depth + 1, message.snapshot);
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

        v1.AdvertisedSet = (function() {

            /**
             * Properties of an AdvertisedSet.
             * @typedef {Object} gdp.v1.AdvertisedSet.$Properties
             * @property {number|Long|null} [count] AdvertisedSet count
             * @property {Uint8Array|null} [digest] AdvertisedSet digest
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdvertisedSet.
             * @memberof gdp.v1
             * @interface IAdvertisedSet
             * @augments gdp.v1.AdvertisedSet.$Properties
             * @deprecated Use gdp.v1.AdvertisedSet.$Properties instead.
             */

            /**
             * Shape of an AdvertisedSet.
             * @typedef {gdp.v1.AdvertisedSet.$Properties} gdp.v1.AdvertisedSet.$Shape
             */

            /**
             * Constructs a new AdvertisedSet.
             * @memberof gdp.v1
             * @classdesc Represents an AdvertisedSet.
             * @constructor
             * @param {gdp.v1.AdvertisedSet.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdvertisedSet = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdvertisedSet count.
             * @member {number|Long} count
             * @memberof gdp.v1.AdvertisedSet
             * @instance
             */
            AdvertisedSet.prototype.count = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AdvertisedSet digest.
             * @member {Uint8Array} digest
             * @memberof gdp.v1.AdvertisedSet
             * @instance
             */
            AdvertisedSet.prototype.digest = $util.newBuffer([]);

            /**
             * Creates a new AdvertisedSet instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AdvertisedSet
             * @static
             * @param {gdp.v1.AdvertisedSet.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AdvertisedSet} AdvertisedSet instance
             * @type {{
             *   (properties: gdp.v1.AdvertisedSet.$Shape): gdp.v1.AdvertisedSet & gdp.v1.AdvertisedSet.$Shape;
             *   (properties?: gdp.v1.AdvertisedSet.$Properties): gdp.v1.AdvertisedSet;
             * }}
             */
            AdvertisedSet.create = function(properties) {
                return new AdvertisedSet(properties);
            };

            /**
             * Encodes the specified AdvertisedSet message. Does not implicitly {@link gdp.v1.AdvertisedSet.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AdvertisedSet
             * @static
             * @param {gdp.v1.AdvertisedSet.$Properties} message AdvertisedSet message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdvertisedSet.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.count != null && $Object.hasOwnProperty.call(message, "count") && (typeof message.count === "object" ? message.count.low || message.count.high : message.count !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.count);
                if (message.digest != null && $Object.hasOwnProperty.call(message, "digest") && message.digest.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.digest);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdvertisedSet message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AdvertisedSet
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisedSet & gdp.v1.AdvertisedSet.$Shape} AdvertisedSet
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdvertisedSet.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.AdvertisedSet();
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
                                message.count = value;
                            else
                                delete message.count;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.digest = value;
                            else
                                delete message.digest;
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
             * Gets the type url for AdvertisedSet
             * @function getTypeUrl
             * @memberof gdp.v1.AdvertisedSet
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AdvertisedSet.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AdvertisedSet";
            };

            return AdvertisedSet;
        })();

        v1.AdvertisementSnapshot = (function() {

            /**
             * Properties of an AdvertisementSnapshot.
             * @typedef {Object} gdp.v1.AdvertisementSnapshot.$Properties
             * @property {number|Long|null} [firstSequence] AdvertisementSnapshot firstSequence
             * @property {boolean|null} [last] AdvertisementSnapshot last
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdvertisementSnapshot.
             * @memberof gdp.v1
             * @interface IAdvertisementSnapshot
             * @augments gdp.v1.AdvertisementSnapshot.$Properties
             * @deprecated Use gdp.v1.AdvertisementSnapshot.$Properties instead.
             */

            /**
             * Shape of an AdvertisementSnapshot.
             * @typedef {gdp.v1.AdvertisementSnapshot.$Properties} gdp.v1.AdvertisementSnapshot.$Shape
             */

            /**
             * Constructs a new AdvertisementSnapshot.
             * @memberof gdp.v1
             * @classdesc Represents an AdvertisementSnapshot.
             * @constructor
             * @param {gdp.v1.AdvertisementSnapshot.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdvertisementSnapshot = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdvertisementSnapshot firstSequence.
             * @member {number|Long} firstSequence
             * @memberof gdp.v1.AdvertisementSnapshot
             * @instance
             */
            AdvertisementSnapshot.prototype.firstSequence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * AdvertisementSnapshot last.
             * @member {boolean} last
             * @memberof gdp.v1.AdvertisementSnapshot
             * @instance
             */
            AdvertisementSnapshot.prototype.last = false;

            /**
             * Creates a new AdvertisementSnapshot instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AdvertisementSnapshot
             * @static
             * @param {gdp.v1.AdvertisementSnapshot.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AdvertisementSnapshot} AdvertisementSnapshot instance
             * @type {{
             *   (properties: gdp.v1.AdvertisementSnapshot.$Shape): gdp.v1.AdvertisementSnapshot & gdp.v1.AdvertisementSnapshot.$Shape;
             *   (properties?: gdp.v1.AdvertisementSnapshot.$Properties): gdp.v1.AdvertisementSnapshot;
             * }}
             */
            AdvertisementSnapshot.create = function(properties) {
                return new AdvertisementSnapshot(properties);
            };

            /**
             * Encodes the specified AdvertisementSnapshot message. Does not implicitly {@link gdp.v1.AdvertisementSnapshot.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AdvertisementSnapshot
             * @static
             * @param {gdp.v1.AdvertisementSnapshot.$Properties} message AdvertisementSnapshot message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdvertisementSnapshot.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.firstSequence != null && $Object.hasOwnProperty.call(message, "firstSequence") && (typeof message.firstSequence === "object" ? message.firstSequence.low || message.firstSequence.high : message.firstSequence !== 0))
                    writer.uint32(/* id 1, wireType 0 =*/8).uint64(message.firstSequence);
                if (message.last != null && $Object.hasOwnProperty.call(message, "last") && message.last !== false)
                    writer.uint32(/* id 2, wireType 0 =*/16).bool(message.last);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdvertisementSnapshot message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AdvertisementSnapshot
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisementSnapshot & gdp.v1.AdvertisementSnapshot.$Shape} AdvertisementSnapshot
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdvertisementSnapshot.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.AdvertisementSnapshot();
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
                                message.firstSequence = value;
                            else
                                delete message.firstSequence;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.bool())
                                message.last = value;
                            else
                                delete message.last;
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
             * Gets the type url for AdvertisementSnapshot
             * @function getTypeUrl
             * @memberof gdp.v1.AdvertisementSnapshot
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AdvertisementSnapshot.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AdvertisementSnapshot";
            };

            return AdvertisementSnapshot;
        })();

        v1.AdvertisementResync = (function() {

            /**
             * Properties of an AdvertisementResync.
             * @typedef {Object} gdp.v1.AdvertisementResync.$Properties
             * @property {Uint8Array|null} [server] AdvertisementResync server
             * @property {string|null} [reason] AdvertisementResync reason
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of an AdvertisementResync.
             * @memberof gdp.v1
             * @interface IAdvertisementResync
             * @augments gdp.v1.AdvertisementResync.$Properties
             * @deprecated Use gdp.v1.AdvertisementResync.$Properties instead.
             */

            /**
             * Shape of an AdvertisementResync.
             * @typedef {gdp.v1.AdvertisementResync.$Properties} gdp.v1.AdvertisementResync.$Shape
             */

            /**
             * Constructs a new AdvertisementResync.
             * @memberof gdp.v1
             * @classdesc Represents an AdvertisementResync.
             * @constructor
             * @param {gdp.v1.AdvertisementResync.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const AdvertisementResync = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * AdvertisementResync server.
             * @member {Uint8Array} server
             * @memberof gdp.v1.AdvertisementResync
             * @instance
             */
            AdvertisementResync.prototype.server = $util.newBuffer([]);

            /**
             * AdvertisementResync reason.
             * @member {string} reason
             * @memberof gdp.v1.AdvertisementResync
             * @instance
             */
            AdvertisementResync.prototype.reason = "";

            /**
             * Creates a new AdvertisementResync instance using the specified properties.
             * @function create
             * @memberof gdp.v1.AdvertisementResync
             * @static
             * @param {gdp.v1.AdvertisementResync.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.AdvertisementResync} AdvertisementResync instance
             * @type {{
             *   (properties: gdp.v1.AdvertisementResync.$Shape): gdp.v1.AdvertisementResync & gdp.v1.AdvertisementResync.$Shape;
             *   (properties?: gdp.v1.AdvertisementResync.$Properties): gdp.v1.AdvertisementResync;
             * }}
             */
            AdvertisementResync.create = function(properties) {
                return new AdvertisementResync(properties);
            };

            /**
             * Encodes the specified AdvertisementResync message. Does not implicitly {@link gdp.v1.AdvertisementResync.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.AdvertisementResync
             * @static
             * @param {gdp.v1.AdvertisementResync.$Properties} message AdvertisementResync message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            AdvertisementResync.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.server != null && $Object.hasOwnProperty.call(message, "server") && message.server.length)
                    writer.uint32(/* id 1, wireType 2 =*/10).bytes(message.server);
                if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                    writer.uint32(/* id 2, wireType 2 =*/18).string(message.reason);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes an AdvertisementResync message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.AdvertisementResync
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisementResync & gdp.v1.AdvertisementResync.$Shape} AdvertisementResync
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            AdvertisementResync.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.AdvertisementResync();
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
                                message.server = value;
                            else
                                delete message.server;
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.stringVerify()).length)
                                message.reason = value;
                            else
                                delete message.reason;
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
             * Gets the type url for AdvertisementResync
             * @function getTypeUrl
             * @memberof gdp.v1.AdvertisementResync
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            AdvertisementResync.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.AdvertisementResync";
            };

            return AdvertisementResync;
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

        v1.RouteAnnouncement = (function() {

            /**
             * Properties of a RouteAnnouncement.
             * @typedef {Object} gdp.v1.RouteAnnouncement.$Properties
             * @property {gdp.v1.PublicKey.$Properties|null} [routerKey] RouteAnnouncement routerKey
             * @property {Uint8Array|null} [parent] RouteAnnouncement parent
             * @property {number|Long|null} [sequence] RouteAnnouncement sequence
             * @property {number|Long|null} [issuedAtUs] RouteAnnouncement issuedAtUs
             * @property {number|Long|null} [expiresAtUs] RouteAnnouncement expiresAtUs
             * @property {gdp.v1.SignedDomainMembership.$Properties|null} [membership] RouteAnnouncement membership
             * @property {Array.<gdp.v1.SignedAdvertisement.$Properties>|null} [advertisements] RouteAnnouncement advertisements
             * @property {number|null} [cost] RouteAnnouncement cost
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a RouteAnnouncement.
             * @memberof gdp.v1
             * @interface IRouteAnnouncement
             * @augments gdp.v1.RouteAnnouncement.$Properties
             * @deprecated Use gdp.v1.RouteAnnouncement.$Properties instead.
             */

            /**
             * Shape of a RouteAnnouncement.
             * @typedef {gdp.v1.RouteAnnouncement.$Properties} gdp.v1.RouteAnnouncement.$Shape
             */

            /**
             * Constructs a new RouteAnnouncement.
             * @memberof gdp.v1
             * @classdesc Represents a RouteAnnouncement.
             * @constructor
             * @param {gdp.v1.RouteAnnouncement.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const RouteAnnouncement = function (properties) {
                this.advertisements = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * RouteAnnouncement routerKey.
             * @member {gdp.v1.PublicKey.$Properties|null|undefined} routerKey
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.routerKey = null;

            /**
             * RouteAnnouncement parent.
             * @member {Uint8Array} parent
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.parent = $util.newBuffer([]);

            /**
             * RouteAnnouncement sequence.
             * @member {number|Long} sequence
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.sequence = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RouteAnnouncement issuedAtUs.
             * @member {number|Long} issuedAtUs
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.issuedAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RouteAnnouncement expiresAtUs.
             * @member {number|Long} expiresAtUs
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.expiresAtUs = $util.Long ? $util.Long.fromBits(0,0,true) : 0;

            /**
             * RouteAnnouncement membership.
             * @member {gdp.v1.SignedDomainMembership.$Properties|null|undefined} membership
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.membership = null;

            /**
             * RouteAnnouncement advertisements.
             * @member {Array.<gdp.v1.SignedAdvertisement.$Properties>} advertisements
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.advertisements = $util.emptyArray;

            /**
             * RouteAnnouncement cost.
             * @member {number} cost
             * @memberof gdp.v1.RouteAnnouncement
             * @instance
             */
            RouteAnnouncement.prototype.cost = 0;

            /**
             * Creates a new RouteAnnouncement instance using the specified properties.
             * @function create
             * @memberof gdp.v1.RouteAnnouncement
             * @static
             * @param {gdp.v1.RouteAnnouncement.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.RouteAnnouncement} RouteAnnouncement instance
             * @type {{
             *   (properties: gdp.v1.RouteAnnouncement.$Shape): gdp.v1.RouteAnnouncement & gdp.v1.RouteAnnouncement.$Shape;
             *   (properties?: gdp.v1.RouteAnnouncement.$Properties): gdp.v1.RouteAnnouncement;
             * }}
             */
            RouteAnnouncement.create = function(properties) {
                return new RouteAnnouncement(properties);
            };

            /**
             * Encodes the specified RouteAnnouncement message. Does not implicitly {@link gdp.v1.RouteAnnouncement.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.RouteAnnouncement
             * @static
             * @param {gdp.v1.RouteAnnouncement.$Properties} message RouteAnnouncement message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            RouteAnnouncement.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.routerKey != null && $Object.hasOwnProperty.call(message, "routerKey"))
                    $root.gdp.v1.PublicKey.encode(message.routerKey, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.parent != null && $Object.hasOwnProperty.call(message, "parent") && message.parent.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.parent);
                if (message.sequence != null && $Object.hasOwnProperty.call(message, "sequence") && (typeof message.sequence === "object" ? message.sequence.low || message.sequence.high : message.sequence !== 0))
                    writer.uint32(/* id 3, wireType 0 =*/24).uint64(message.sequence);
                if (message.issuedAtUs != null && $Object.hasOwnProperty.call(message, "issuedAtUs") && (typeof message.issuedAtUs === "object" ? message.issuedAtUs.low || message.issuedAtUs.high : message.issuedAtUs !== 0))
                    writer.uint32(/* id 4, wireType 0 =*/32).uint64(message.issuedAtUs);
                if (message.expiresAtUs != null && $Object.hasOwnProperty.call(message, "expiresAtUs") && (typeof message.expiresAtUs === "object" ? message.expiresAtUs.low || message.expiresAtUs.high : message.expiresAtUs !== 0))
                    writer.uint32(/* id 5, wireType 0 =*/40).uint64(message.expiresAtUs);
                if (message.membership != null && $Object.hasOwnProperty.call(message, "membership"))
                    $root.gdp.v1.SignedDomainMembership.encode(message.membership, writer.uint32(/* id 6, wireType 2 =*/50).fork(), _depth + 1).ldelim();
                if (message.advertisements != null && message.advertisements.length)
                    for (let i = 0; i < message.advertisements.length; ++i)
                        $root.gdp.v1.SignedAdvertisement.encode(message.advertisements[i], writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
                if (message.cost != null && $Object.hasOwnProperty.call(message, "cost") && message.cost !== 0)
                    writer.uint32(/* id 8, wireType 0 =*/64).uint32(message.cost);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a RouteAnnouncement message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.RouteAnnouncement
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.RouteAnnouncement & gdp.v1.RouteAnnouncement.$Shape} RouteAnnouncement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            RouteAnnouncement.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.RouteAnnouncement();
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
                            message.routerKey = $root.gdp.v1.PublicKey.decode(reader, reader.size(), $undefined, _depth + 1, message.routerKey);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.parent = value;
                            else
                                delete message.parent;
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
                            if (wireType !== 2)
                                break;
                            message.membership = $root.gdp.v1.SignedDomainMembership.decode(reader, reader.size(), $undefined, _depth + 1, message.membership);
                            continue;
                        }
                    case 7: {
                            if (wireType !== 2)
                                break;
                            if (!(message.advertisements && message.advertisements.length))
                                message.advertisements = [];
                            message.advertisements.push($root.gdp.v1.SignedAdvertisement.decode(reader, reader.size(), $undefined, _depth + 1));
                            continue;
                        }
                    case 8: {
                            if (wireType !== 0)
                                break;
                            if (value = reader.uint32())
                                message.cost = value;
                            else
                                delete message.cost;
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
             * Gets the type url for RouteAnnouncement
             * @function getTypeUrl
             * @memberof gdp.v1.RouteAnnouncement
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            RouteAnnouncement.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.RouteAnnouncement";
            };

            return RouteAnnouncement;
        })();

        v1.SignedRouteAnnouncement = (function() {

            /**
             * Properties of a SignedRouteAnnouncement.
             * @typedef {Object} gdp.v1.SignedRouteAnnouncement.$Properties
             * @property {gdp.v1.RouteAnnouncement.$Properties|null} [announcement] SignedRouteAnnouncement announcement
             * @property {Uint8Array|null} [routerSignature] SignedRouteAnnouncement routerSignature
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a SignedRouteAnnouncement.
             * @memberof gdp.v1
             * @interface ISignedRouteAnnouncement
             * @augments gdp.v1.SignedRouteAnnouncement.$Properties
             * @deprecated Use gdp.v1.SignedRouteAnnouncement.$Properties instead.
             */

            /**
             * Shape of a SignedRouteAnnouncement.
             * @typedef {gdp.v1.SignedRouteAnnouncement.$Properties} gdp.v1.SignedRouteAnnouncement.$Shape
             */

            /**
             * Constructs a new SignedRouteAnnouncement.
             * @memberof gdp.v1
             * @classdesc Represents a SignedRouteAnnouncement.
             * @constructor
             * @param {gdp.v1.SignedRouteAnnouncement.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const SignedRouteAnnouncement = function (properties) {
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * SignedRouteAnnouncement announcement.
             * @member {gdp.v1.RouteAnnouncement.$Properties|null|undefined} announcement
             * @memberof gdp.v1.SignedRouteAnnouncement
             * @instance
             */
            SignedRouteAnnouncement.prototype.announcement = null;

            /**
             * SignedRouteAnnouncement routerSignature.
             * @member {Uint8Array} routerSignature
             * @memberof gdp.v1.SignedRouteAnnouncement
             * @instance
             */
            SignedRouteAnnouncement.prototype.routerSignature = $util.newBuffer([]);

            /**
             * Creates a new SignedRouteAnnouncement instance using the specified properties.
             * @function create
             * @memberof gdp.v1.SignedRouteAnnouncement
             * @static
             * @param {gdp.v1.SignedRouteAnnouncement.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.SignedRouteAnnouncement} SignedRouteAnnouncement instance
             * @type {{
             *   (properties: gdp.v1.SignedRouteAnnouncement.$Shape): gdp.v1.SignedRouteAnnouncement & gdp.v1.SignedRouteAnnouncement.$Shape;
             *   (properties?: gdp.v1.SignedRouteAnnouncement.$Properties): gdp.v1.SignedRouteAnnouncement;
             * }}
             */
            SignedRouteAnnouncement.create = function(properties) {
                return new SignedRouteAnnouncement(properties);
            };

            /**
             * Encodes the specified SignedRouteAnnouncement message. Does not implicitly {@link gdp.v1.SignedRouteAnnouncement.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.SignedRouteAnnouncement
             * @static
             * @param {gdp.v1.SignedRouteAnnouncement.$Properties} message SignedRouteAnnouncement message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            SignedRouteAnnouncement.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.announcement != null && $Object.hasOwnProperty.call(message, "announcement"))
                    $root.gdp.v1.RouteAnnouncement.encode(message.announcement, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.routerSignature != null && $Object.hasOwnProperty.call(message, "routerSignature") && message.routerSignature.length)
                    writer.uint32(/* id 2, wireType 2 =*/18).bytes(message.routerSignature);
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a SignedRouteAnnouncement message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.SignedRouteAnnouncement
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.SignedRouteAnnouncement & gdp.v1.SignedRouteAnnouncement.$Shape} SignedRouteAnnouncement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            SignedRouteAnnouncement.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.SignedRouteAnnouncement();
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
                            message.announcement = $root.gdp.v1.RouteAnnouncement.decode(reader, reader.size(), $undefined, _depth + 1, message.announcement);
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if ((value = reader.bytes()).length)
                                message.routerSignature = value;
                            else
                                delete message.routerSignature;
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
             * Gets the type url for SignedRouteAnnouncement
             * @function getTypeUrl
             * @memberof gdp.v1.SignedRouteAnnouncement
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            SignedRouteAnnouncement.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.SignedRouteAnnouncement";
            };

            return SignedRouteAnnouncement;
        })();

        v1.LookupRecord = (function() {

            /**
             * Properties of a LookupRecord.
             * @typedef {Object} gdp.v1.LookupRecord.$Properties
             * @property {gdp.v1.SignedAdvertisement.$Properties|null} [advertisement] LookupRecord advertisement
             * @property {gdp.v1.AdvertisedCapsule.$Properties|null} [capsule] LookupRecord capsule
             * @property {Array.<string>|null} [routerAddresses] LookupRecord routerAddresses
             * @property {"advertisement"|"capsule"} [statement] LookupRecord statement
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */

            /**
             * Properties of a LookupRecord.
             * @memberof gdp.v1
             * @interface ILookupRecord
             * @augments gdp.v1.LookupRecord.$Properties
             * @deprecated Use gdp.v1.LookupRecord.$Properties instead.
             */

            /**
             * Narrowed shape of a LookupRecord.
             * @typedef {{
             *   advertisement?: gdp.v1.SignedAdvertisement.$Shape|null;
             *   capsule?: gdp.v1.AdvertisedCapsule.$Shape|null;
             *   routerAddresses?: Array.<string>|null;
             *   $unknowns?: Array.<Uint8Array>;
             * } & (
             *   ({ statement?: undefined; advertisement?: null; capsule?: null }|{ statement?: "advertisement"; advertisement: gdp.v1.SignedAdvertisement.$Shape; capsule?: null }|{ statement?: "capsule"; advertisement?: null; capsule: gdp.v1.AdvertisedCapsule.$Shape })
             * )} gdp.v1.LookupRecord.$Shape
             */

            /**
             * Constructs a new LookupRecord.
             * @memberof gdp.v1
             * @classdesc Represents a LookupRecord.
             * @constructor
             * @param {gdp.v1.LookupRecord.$Properties=} [properties] Properties to set
             * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
             */
            const LookupRecord = function (properties) {
                this.routerAddresses = [];
                if (properties)
                    for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                        if (properties[keys[i]] != null && keys[i] !== "__proto__")
                            this[keys[i]] = properties[keys[i]];
            };

            /**
             * LookupRecord advertisement.
             * @member {gdp.v1.SignedAdvertisement.$Properties|null|undefined} advertisement
             * @memberof gdp.v1.LookupRecord
             * @instance
             */
            LookupRecord.prototype.advertisement = null;

            /**
             * LookupRecord capsule.
             * @member {gdp.v1.AdvertisedCapsule.$Properties|null|undefined} capsule
             * @memberof gdp.v1.LookupRecord
             * @instance
             */
            LookupRecord.prototype.capsule = null;

            /**
             * LookupRecord routerAddresses.
             * @member {Array.<string>} routerAddresses
             * @memberof gdp.v1.LookupRecord
             * @instance
             */
            LookupRecord.prototype.routerAddresses = $util.emptyArray;

            // OneOf field names bound to virtual getters and setters
            let $oneOfFields;

            /**
             * LookupRecord statement.
             * @member {"advertisement"|"capsule"|undefined} statement
             * @memberof gdp.v1.LookupRecord
             * @instance
             */
            $Object.defineProperty(LookupRecord.prototype, "statement", {
                get: $util.oneOfGetter($oneOfFields = ["advertisement", "capsule"]),
                set: $util.oneOfSetter($oneOfFields)
            });

            /**
             * Creates a new LookupRecord instance using the specified properties.
             * @function create
             * @memberof gdp.v1.LookupRecord
             * @static
             * @param {gdp.v1.LookupRecord.$Properties=} [properties] Properties to set
             * @returns {gdp.v1.LookupRecord} LookupRecord instance
             * @type {{
             *   (properties: gdp.v1.LookupRecord.$Shape): gdp.v1.LookupRecord & gdp.v1.LookupRecord.$Shape;
             *   (properties?: gdp.v1.LookupRecord.$Properties): gdp.v1.LookupRecord;
             * }}
             */
            LookupRecord.create = function(properties) {
                return new LookupRecord(properties);
            };

            /**
             * Encodes the specified LookupRecord message. Does not implicitly {@link gdp.v1.LookupRecord.verify|verify} messages.
             * @function encode
             * @memberof gdp.v1.LookupRecord
             * @static
             * @param {gdp.v1.LookupRecord.$Properties} message LookupRecord message or plain object to encode
             * @param {$protobuf.Writer} [writer] Writer to encode to
             * @returns {$protobuf.Writer} Writer
             */
            LookupRecord.encode = function (message, writer, _depth) {
                if (!writer)
                    writer = $Writer.create();
                if (_depth === $undefined)
                    _depth = 0;
                if (_depth > $util.recursionLimit)
                    throw $Error("max depth exceeded");
                if (message.advertisement != null && $Object.hasOwnProperty.call(message, "advertisement"))
                    $root.gdp.v1.SignedAdvertisement.encode(message.advertisement, writer.uint32(/* id 1, wireType 2 =*/10).fork(), _depth + 1).ldelim();
                if (message.routerAddresses != null && message.routerAddresses.length)
                    for (let i = 0; i < message.routerAddresses.length; ++i)
                        writer.uint32(/* id 2, wireType 2 =*/18).string(message.routerAddresses[i]);
                if (message.capsule != null && $Object.hasOwnProperty.call(message, "capsule"))
                    $root.gdp.v1.AdvertisedCapsule.encode(message.capsule, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
                if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                    for (let i = 0; i < message.$unknowns.length; ++i)
                        writer.raw(message.$unknowns[i]);
                return writer;
            };

            /**
             * Decodes a LookupRecord message from the specified reader or buffer.
             * @function decode
             * @memberof gdp.v1.LookupRecord
             * @static
             * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
             * @param {number} [length] Message length if known beforehand
             * @returns {gdp.v1.LookupRecord & gdp.v1.LookupRecord.$Shape} LookupRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            LookupRecord.decode = function (reader, length, _end, _depth, _target) {
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
                message = _target || new $root.gdp.v1.LookupRecord();
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
                            message.advertisement = $root.gdp.v1.SignedAdvertisement.decode(reader, reader.size(), $undefined, _depth + 1, message.advertisement);
                            message.statement = "advertisement";
                            continue;
                        }
                    case 3: {
                            if (wireType !== 2)
                                break;
                            message.capsule = $root.gdp.v1.AdvertisedCapsule.decode(reader, reader.size(), $undefined, _depth + 1, message.capsule);
                            message.statement = "capsule";
                            continue;
                        }
                    case 2: {
                            if (wireType !== 2)
                                break;
                            if (!(message.routerAddresses && message.routerAddresses.length))
                                message.routerAddresses = [];
                            message.routerAddresses.push(reader.stringVerify());
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
             * Gets the type url for LookupRecord
             * @function getTypeUrl
             * @memberof gdp.v1.LookupRecord
             * @static
             * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns {string} The type url
             */
            LookupRecord.getTypeUrl = function(prefix) {
                if (prefix === $undefined)
                    prefix = "type.googleapis.com";
                return prefix + "/gdp.v1.LookupRecord";
            };

            return LookupRecord;
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
