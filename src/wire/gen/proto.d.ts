import * as $protobuf from "protobufjs";

/** Namespace gdp. */
export namespace gdp {

    /** Namespace v1. */
    namespace v1 {

        /** SignatureAlgorithm enum. */
        enum SignatureAlgorithm {

            /** SIGNATURE_ALGORITHM_UNSPECIFIED value */
            SIGNATURE_ALGORITHM_UNSPECIFIED = 0,

            /** ED25519 value */
            ED25519 = 1
        }

        /**
         * Properties of a PublicKey.
         * @deprecated Use gdp.v1.PublicKey.$Properties instead.
         */
        interface IPublicKey extends gdp.v1.PublicKey.$Properties {
        }

        /** Represents a PublicKey. */
        class PublicKey {

            /**
             * Constructs a new PublicKey.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.PublicKey.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PublicKey algorithm. */
            algorithm: gdp.v1.SignatureAlgorithm;

            /** PublicKey key. */
            key: Uint8Array;

            /**
             * Creates a new PublicKey instance using the specified properties.
             * @param [properties] Properties to set
             * @returns PublicKey instance
             */
            static create(properties: gdp.v1.PublicKey.$Shape): gdp.v1.PublicKey & gdp.v1.PublicKey.$Shape;
            static create(properties?: gdp.v1.PublicKey.$Properties): gdp.v1.PublicKey;

            /**
             * Encodes the specified PublicKey message. Does not implicitly {@link gdp.v1.PublicKey.verify|verify} messages.
             * @param message PublicKey message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.PublicKey.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PublicKey message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.PublicKey & gdp.v1.PublicKey.$Shape} PublicKey
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.PublicKey & gdp.v1.PublicKey.$Shape;

            /**
             * Gets the type url for PublicKey
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace PublicKey {

            /** Properties of a PublicKey. */
            interface $Properties {

                /** PublicKey algorithm */
                algorithm?: (gdp.v1.SignatureAlgorithm|null);

                /** PublicKey key */
                key?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PublicKey. */
            type $Shape = gdp.v1.PublicKey.$Properties;
        }

        /**
         * Properties of a ReplicationPolicy.
         * @deprecated Use gdp.v1.ReplicationPolicy.$Properties instead.
         */
        interface IReplicationPolicy extends gdp.v1.ReplicationPolicy.$Properties {
        }

        /** Represents a ReplicationPolicy. */
        class ReplicationPolicy {

            /**
             * Constructs a new ReplicationPolicy.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ReplicationPolicy.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReplicationPolicy replicas. */
            replicas: number;

            /** ReplicationPolicy writeQuorum. */
            writeQuorum: number;

            /**
             * Creates a new ReplicationPolicy instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReplicationPolicy instance
             */
            static create(properties: gdp.v1.ReplicationPolicy.$Shape): gdp.v1.ReplicationPolicy & gdp.v1.ReplicationPolicy.$Shape;
            static create(properties?: gdp.v1.ReplicationPolicy.$Properties): gdp.v1.ReplicationPolicy;

            /**
             * Encodes the specified ReplicationPolicy message. Does not implicitly {@link gdp.v1.ReplicationPolicy.verify|verify} messages.
             * @param message ReplicationPolicy message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ReplicationPolicy.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReplicationPolicy message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ReplicationPolicy & gdp.v1.ReplicationPolicy.$Shape} ReplicationPolicy
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ReplicationPolicy & gdp.v1.ReplicationPolicy.$Shape;

            /**
             * Gets the type url for ReplicationPolicy
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ReplicationPolicy {

            /** Properties of a ReplicationPolicy. */
            interface $Properties {

                /** ReplicationPolicy replicas */
                replicas?: (number|null);

                /** ReplicationPolicy writeQuorum */
                writeQuorum?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReplicationPolicy. */
            type $Shape = gdp.v1.ReplicationPolicy.$Properties;
        }

        /**
         * Properties of an AppField.
         * @deprecated Use gdp.v1.AppField.$Properties instead.
         */
        interface IAppField extends gdp.v1.AppField.$Properties {
        }

        /** Represents an AppField. */
        class AppField {

            /**
             * Constructs a new AppField.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AppField.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AppField key. */
            key: string;

            /** AppField value. */
            value: Uint8Array;

            /**
             * Creates a new AppField instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AppField instance
             */
            static create(properties: gdp.v1.AppField.$Shape): gdp.v1.AppField & gdp.v1.AppField.$Shape;
            static create(properties?: gdp.v1.AppField.$Properties): gdp.v1.AppField;

            /**
             * Encodes the specified AppField message. Does not implicitly {@link gdp.v1.AppField.verify|verify} messages.
             * @param message AppField message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AppField.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AppField message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AppField & gdp.v1.AppField.$Shape} AppField
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AppField & gdp.v1.AppField.$Shape;

            /**
             * Gets the type url for AppField
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AppField {

            /** Properties of an AppField. */
            interface $Properties {

                /** AppField key */
                key?: (string|null);

                /** AppField value */
                value?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AppField. */
            type $Shape = gdp.v1.AppField.$Properties;
        }

        /**
         * Properties of a CapsuleMetadata.
         * @deprecated Use gdp.v1.CapsuleMetadata.$Properties instead.
         */
        interface ICapsuleMetadata extends gdp.v1.CapsuleMetadata.$Properties {
        }

        /** Represents a CapsuleMetadata. */
        class CapsuleMetadata {

            /**
             * Constructs a new CapsuleMetadata.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.CapsuleMetadata.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CapsuleMetadata version. */
            version: number;

            /** CapsuleMetadata owner. */
            owner?: (gdp.v1.PublicKey.$Properties|null);

            /** CapsuleMetadata writer. */
            writer?: (gdp.v1.PublicKey.$Properties|null);

            /** CapsuleMetadata createdAtUs. */
            createdAtUs: (number);

            /** CapsuleMetadata expiresAtUs. */
            expiresAtUs: (number);

            /** CapsuleMetadata replication. */
            replication?: (gdp.v1.ReplicationPolicy.$Properties|null);

            /** CapsuleMetadata appFields. */
            appFields: gdp.v1.AppField.$Properties[];

            /** CapsuleMetadata nonce. */
            nonce: Uint8Array;

            /**
             * Creates a new CapsuleMetadata instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CapsuleMetadata instance
             */
            static create(properties: gdp.v1.CapsuleMetadata.$Shape): gdp.v1.CapsuleMetadata & gdp.v1.CapsuleMetadata.$Shape;
            static create(properties?: gdp.v1.CapsuleMetadata.$Properties): gdp.v1.CapsuleMetadata;

            /**
             * Encodes the specified CapsuleMetadata message. Does not implicitly {@link gdp.v1.CapsuleMetadata.verify|verify} messages.
             * @param message CapsuleMetadata message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.CapsuleMetadata.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CapsuleMetadata message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.CapsuleMetadata & gdp.v1.CapsuleMetadata.$Shape} CapsuleMetadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.CapsuleMetadata & gdp.v1.CapsuleMetadata.$Shape;

            /**
             * Gets the type url for CapsuleMetadata
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace CapsuleMetadata {

            /** Properties of a CapsuleMetadata. */
            interface $Properties {

                /** CapsuleMetadata version */
                version?: (number|null);

                /** CapsuleMetadata owner */
                owner?: (gdp.v1.PublicKey.$Properties|null);

                /** CapsuleMetadata writer */
                writer?: (gdp.v1.PublicKey.$Properties|null);

                /** CapsuleMetadata createdAtUs */
                createdAtUs?: (number|null);

                /** CapsuleMetadata expiresAtUs */
                expiresAtUs?: (number|null);

                /** CapsuleMetadata replication */
                replication?: (gdp.v1.ReplicationPolicy.$Properties|null);

                /** CapsuleMetadata appFields */
                appFields?: (gdp.v1.AppField.$Properties[]|null);

                /** CapsuleMetadata nonce */
                nonce?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CapsuleMetadata. */
            type $Shape = gdp.v1.CapsuleMetadata.$Properties;
        }

        /**
         * Properties of a SignedMetadata.
         * @deprecated Use gdp.v1.SignedMetadata.$Properties instead.
         */
        interface ISignedMetadata extends gdp.v1.SignedMetadata.$Properties {
        }

        /** Represents a SignedMetadata. */
        class SignedMetadata {

            /**
             * Constructs a new SignedMetadata.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedMetadata.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedMetadata metadata. */
            metadata?: (gdp.v1.CapsuleMetadata.$Properties|null);

            /** SignedMetadata ownerSignature. */
            ownerSignature: Uint8Array;

            /**
             * Creates a new SignedMetadata instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedMetadata instance
             */
            static create(properties: gdp.v1.SignedMetadata.$Shape): gdp.v1.SignedMetadata & gdp.v1.SignedMetadata.$Shape;
            static create(properties?: gdp.v1.SignedMetadata.$Properties): gdp.v1.SignedMetadata;

            /**
             * Encodes the specified SignedMetadata message. Does not implicitly {@link gdp.v1.SignedMetadata.verify|verify} messages.
             * @param message SignedMetadata message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedMetadata.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedMetadata message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedMetadata & gdp.v1.SignedMetadata.$Shape} SignedMetadata
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedMetadata & gdp.v1.SignedMetadata.$Shape;

            /**
             * Gets the type url for SignedMetadata
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedMetadata {

            /** Properties of a SignedMetadata. */
            interface $Properties {

                /** SignedMetadata metadata */
                metadata?: (gdp.v1.CapsuleMetadata.$Properties|null);

                /** SignedMetadata ownerSignature */
                ownerSignature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedMetadata. */
            type $Shape = gdp.v1.SignedMetadata.$Properties;
        }

        /**
         * Properties of a RecordHeader.
         * @deprecated Use gdp.v1.RecordHeader.$Properties instead.
         */
        interface IRecordHeader extends gdp.v1.RecordHeader.$Properties {
        }

        /** Represents a RecordHeader. */
        class RecordHeader {

            /**
             * Constructs a new RecordHeader.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.RecordHeader.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RecordHeader seqno. */
            seqno: (number);

            /** RecordHeader timestampUs. */
            timestampUs: (number);

            /** RecordHeader prevHash. */
            prevHash: Uint8Array;

            /** RecordHeader payloadHash. */
            payloadHash: Uint8Array;

            /** RecordHeader payloadLength. */
            payloadLength: (number);

            /**
             * Creates a new RecordHeader instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RecordHeader instance
             */
            static create(properties: gdp.v1.RecordHeader.$Shape): gdp.v1.RecordHeader & gdp.v1.RecordHeader.$Shape;
            static create(properties?: gdp.v1.RecordHeader.$Properties): gdp.v1.RecordHeader;

            /**
             * Encodes the specified RecordHeader message. Does not implicitly {@link gdp.v1.RecordHeader.verify|verify} messages.
             * @param message RecordHeader message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.RecordHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RecordHeader message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.RecordHeader & gdp.v1.RecordHeader.$Shape} RecordHeader
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.RecordHeader & gdp.v1.RecordHeader.$Shape;

            /**
             * Gets the type url for RecordHeader
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RecordHeader {

            /** Properties of a RecordHeader. */
            interface $Properties {

                /** RecordHeader seqno */
                seqno?: (number|null);

                /** RecordHeader timestampUs */
                timestampUs?: (number|null);

                /** RecordHeader prevHash */
                prevHash?: (Uint8Array|null);

                /** RecordHeader payloadHash */
                payloadHash?: (Uint8Array|null);

                /** RecordHeader payloadLength */
                payloadLength?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RecordHeader. */
            type $Shape = gdp.v1.RecordHeader.$Properties;
        }

        /**
         * Properties of a Record.
         * @deprecated Use gdp.v1.Record.$Properties instead.
         */
        interface IRecord extends gdp.v1.Record.$Properties {
        }

        /** Represents a Record. */
        class Record {

            /**
             * Constructs a new Record.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Record.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Record header. */
            header?: (gdp.v1.RecordHeader.$Properties|null);

            /** Record payload. */
            payload: Uint8Array;

            /**
             * Creates a new Record instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Record instance
             */
            static create(properties: gdp.v1.Record.$Shape): gdp.v1.Record & gdp.v1.Record.$Shape;
            static create(properties?: gdp.v1.Record.$Properties): gdp.v1.Record;

            /**
             * Encodes the specified Record message. Does not implicitly {@link gdp.v1.Record.verify|verify} messages.
             * @param message Record message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Record.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Record message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Record & gdp.v1.Record.$Shape} Record
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Record & gdp.v1.Record.$Shape;

            /**
             * Gets the type url for Record
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Record {

            /** Properties of a Record. */
            interface $Properties {

                /** Record header */
                header?: (gdp.v1.RecordHeader.$Properties|null);

                /** Record payload */
                payload?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Record. */
            type $Shape = gdp.v1.Record.$Properties;
        }

        /**
         * Properties of a Heartbeat.
         * @deprecated Use gdp.v1.Heartbeat.$Properties instead.
         */
        interface IHeartbeat extends gdp.v1.Heartbeat.$Properties {
        }

        /** Represents a Heartbeat. */
        class Heartbeat {

            /**
             * Constructs a new Heartbeat.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Heartbeat.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Heartbeat capsule. */
            capsule: Uint8Array;

            /** Heartbeat size. */
            size: (number);

            /** Heartbeat root. */
            root: Uint8Array;

            /** Heartbeat lastRecordHash. */
            lastRecordHash: Uint8Array;

            /** Heartbeat timestampUs. */
            timestampUs: (number);

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Heartbeat instance
             */
            static create(properties: gdp.v1.Heartbeat.$Shape): gdp.v1.Heartbeat & gdp.v1.Heartbeat.$Shape;
            static create(properties?: gdp.v1.Heartbeat.$Properties): gdp.v1.Heartbeat;

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link gdp.v1.Heartbeat.verify|verify} messages.
             * @param message Heartbeat message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Heartbeat.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Heartbeat & gdp.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Heartbeat & gdp.v1.Heartbeat.$Shape;

            /**
             * Gets the type url for Heartbeat
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Heartbeat {

            /** Properties of a Heartbeat. */
            interface $Properties {

                /** Heartbeat capsule */
                capsule?: (Uint8Array|null);

                /** Heartbeat size */
                size?: (number|null);

                /** Heartbeat root */
                root?: (Uint8Array|null);

                /** Heartbeat lastRecordHash */
                lastRecordHash?: (Uint8Array|null);

                /** Heartbeat timestampUs */
                timestampUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Heartbeat. */
            type $Shape = gdp.v1.Heartbeat.$Properties;
        }

        /**
         * Properties of a SignedHeartbeat.
         * @deprecated Use gdp.v1.SignedHeartbeat.$Properties instead.
         */
        interface ISignedHeartbeat extends gdp.v1.SignedHeartbeat.$Properties {
        }

        /** Represents a SignedHeartbeat. */
        class SignedHeartbeat {

            /**
             * Constructs a new SignedHeartbeat.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedHeartbeat.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedHeartbeat heartbeat. */
            heartbeat?: (gdp.v1.Heartbeat.$Properties|null);

            /** SignedHeartbeat signature. */
            signature: Uint8Array;

            /**
             * Creates a new SignedHeartbeat instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedHeartbeat instance
             */
            static create(properties: gdp.v1.SignedHeartbeat.$Shape): gdp.v1.SignedHeartbeat & gdp.v1.SignedHeartbeat.$Shape;
            static create(properties?: gdp.v1.SignedHeartbeat.$Properties): gdp.v1.SignedHeartbeat;

            /**
             * Encodes the specified SignedHeartbeat message. Does not implicitly {@link gdp.v1.SignedHeartbeat.verify|verify} messages.
             * @param message SignedHeartbeat message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedHeartbeat.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedHeartbeat message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedHeartbeat & gdp.v1.SignedHeartbeat.$Shape} SignedHeartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedHeartbeat & gdp.v1.SignedHeartbeat.$Shape;

            /**
             * Gets the type url for SignedHeartbeat
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedHeartbeat {

            /** Properties of a SignedHeartbeat. */
            interface $Properties {

                /** SignedHeartbeat heartbeat */
                heartbeat?: (gdp.v1.Heartbeat.$Properties|null);

                /** SignedHeartbeat signature */
                signature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedHeartbeat. */
            type $Shape = gdp.v1.SignedHeartbeat.$Properties;
        }

        /**
         * Properties of an InclusionProof.
         * @deprecated Use gdp.v1.InclusionProof.$Properties instead.
         */
        interface IInclusionProof extends gdp.v1.InclusionProof.$Properties {
        }

        /** Represents an InclusionProof. */
        class InclusionProof {

            /**
             * Constructs a new InclusionProof.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.InclusionProof.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** InclusionProof index. */
            index: (number);

            /** InclusionProof treeSize. */
            treeSize: (number);

            /** InclusionProof path. */
            path: Uint8Array[];

            /**
             * Creates a new InclusionProof instance using the specified properties.
             * @param [properties] Properties to set
             * @returns InclusionProof instance
             */
            static create(properties: gdp.v1.InclusionProof.$Shape): gdp.v1.InclusionProof & gdp.v1.InclusionProof.$Shape;
            static create(properties?: gdp.v1.InclusionProof.$Properties): gdp.v1.InclusionProof;

            /**
             * Encodes the specified InclusionProof message. Does not implicitly {@link gdp.v1.InclusionProof.verify|verify} messages.
             * @param message InclusionProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.InclusionProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an InclusionProof message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.InclusionProof & gdp.v1.InclusionProof.$Shape} InclusionProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.InclusionProof & gdp.v1.InclusionProof.$Shape;

            /**
             * Gets the type url for InclusionProof
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace InclusionProof {

            /** Properties of an InclusionProof. */
            interface $Properties {

                /** InclusionProof index */
                index?: (number|null);

                /** InclusionProof treeSize */
                treeSize?: (number|null);

                /** InclusionProof path */
                path?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an InclusionProof. */
            type $Shape = gdp.v1.InclusionProof.$Properties;
        }

        /**
         * Properties of a ConsistencyProof.
         * @deprecated Use gdp.v1.ConsistencyProof.$Properties instead.
         */
        interface IConsistencyProof extends gdp.v1.ConsistencyProof.$Properties {
        }

        /** Represents a ConsistencyProof. */
        class ConsistencyProof {

            /**
             * Constructs a new ConsistencyProof.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ConsistencyProof.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ConsistencyProof fromSize. */
            fromSize: (number);

            /** ConsistencyProof toSize. */
            toSize: (number);

            /** ConsistencyProof path. */
            path: Uint8Array[];

            /**
             * Creates a new ConsistencyProof instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ConsistencyProof instance
             */
            static create(properties: gdp.v1.ConsistencyProof.$Shape): gdp.v1.ConsistencyProof & gdp.v1.ConsistencyProof.$Shape;
            static create(properties?: gdp.v1.ConsistencyProof.$Properties): gdp.v1.ConsistencyProof;

            /**
             * Encodes the specified ConsistencyProof message. Does not implicitly {@link gdp.v1.ConsistencyProof.verify|verify} messages.
             * @param message ConsistencyProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ConsistencyProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ConsistencyProof message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ConsistencyProof & gdp.v1.ConsistencyProof.$Shape} ConsistencyProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ConsistencyProof & gdp.v1.ConsistencyProof.$Shape;

            /**
             * Gets the type url for ConsistencyProof
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ConsistencyProof {

            /** Properties of a ConsistencyProof. */
            interface $Properties {

                /** ConsistencyProof fromSize */
                fromSize?: (number|null);

                /** ConsistencyProof toSize */
                toSize?: (number|null);

                /** ConsistencyProof path */
                path?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ConsistencyProof. */
            type $Shape = gdp.v1.ConsistencyProof.$Properties;
        }

        /**
         * Properties of a ForkProof.
         * @deprecated Use gdp.v1.ForkProof.$Properties instead.
         */
        interface IForkProof extends gdp.v1.ForkProof.$Properties {
        }

        /** Represents a ForkProof. */
        class ForkProof {

            /**
             * Constructs a new ForkProof.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ForkProof.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ForkProof metadata. */
            metadata?: (gdp.v1.SignedMetadata.$Properties|null);

            /** ForkProof first. */
            first?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** ForkProof second. */
            second?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** ForkProof divergence. */
            divergence?: (gdp.v1.InclusionProof.$Properties|null);

            /** ForkProof divergentRecordHash. */
            divergentRecordHash: Uint8Array;

            /**
             * Creates a new ForkProof instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ForkProof instance
             */
            static create(properties: gdp.v1.ForkProof.$Shape): gdp.v1.ForkProof & gdp.v1.ForkProof.$Shape;
            static create(properties?: gdp.v1.ForkProof.$Properties): gdp.v1.ForkProof;

            /**
             * Encodes the specified ForkProof message. Does not implicitly {@link gdp.v1.ForkProof.verify|verify} messages.
             * @param message ForkProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ForkProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ForkProof message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ForkProof & gdp.v1.ForkProof.$Shape} ForkProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ForkProof & gdp.v1.ForkProof.$Shape;

            /**
             * Gets the type url for ForkProof
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ForkProof {

            /** Properties of a ForkProof. */
            interface $Properties {

                /** ForkProof metadata */
                metadata?: (gdp.v1.SignedMetadata.$Properties|null);

                /** ForkProof first */
                first?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** ForkProof second */
                second?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** ForkProof divergence */
                divergence?: (gdp.v1.InclusionProof.$Properties|null);

                /** ForkProof divergentRecordHash */
                divergentRecordHash?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ForkProof. */
            type $Shape = gdp.v1.ForkProof.$Properties;
        }

        /**
         * Properties of an AdCert.
         * @deprecated Use gdp.v1.AdCert.$Properties instead.
         */
        interface IAdCert extends gdp.v1.AdCert.$Properties {
        }

        /** Represents an AdCert. */
        class AdCert {

            /**
             * Constructs a new AdCert.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AdCert.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdCert capsule. */
            capsule: Uint8Array;

            /** AdCert server. */
            server: Uint8Array;

            /** AdCert notBeforeUs. */
            notBeforeUs: (number);

            /** AdCert notAfterUs. */
            notAfterUs: (number);

            /**
             * Creates a new AdCert instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdCert instance
             */
            static create(properties: gdp.v1.AdCert.$Shape): gdp.v1.AdCert & gdp.v1.AdCert.$Shape;
            static create(properties?: gdp.v1.AdCert.$Properties): gdp.v1.AdCert;

            /**
             * Encodes the specified AdCert message. Does not implicitly {@link gdp.v1.AdCert.verify|verify} messages.
             * @param message AdCert message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AdCert.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdCert message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AdCert & gdp.v1.AdCert.$Shape} AdCert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AdCert & gdp.v1.AdCert.$Shape;

            /**
             * Gets the type url for AdCert
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AdCert {

            /** Properties of an AdCert. */
            interface $Properties {

                /** AdCert capsule */
                capsule?: (Uint8Array|null);

                /** AdCert server */
                server?: (Uint8Array|null);

                /** AdCert notBeforeUs */
                notBeforeUs?: (number|null);

                /** AdCert notAfterUs */
                notAfterUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AdCert. */
            type $Shape = gdp.v1.AdCert.$Properties;
        }

        /**
         * Properties of a SignedAdCert.
         * @deprecated Use gdp.v1.SignedAdCert.$Properties instead.
         */
        interface ISignedAdCert extends gdp.v1.SignedAdCert.$Properties {
        }

        /** Represents a SignedAdCert. */
        class SignedAdCert {

            /**
             * Constructs a new SignedAdCert.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedAdCert.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedAdCert cert. */
            cert?: (gdp.v1.AdCert.$Properties|null);

            /** SignedAdCert ownerSignature. */
            ownerSignature: Uint8Array;

            /**
             * Creates a new SignedAdCert instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedAdCert instance
             */
            static create(properties: gdp.v1.SignedAdCert.$Shape): gdp.v1.SignedAdCert & gdp.v1.SignedAdCert.$Shape;
            static create(properties?: gdp.v1.SignedAdCert.$Properties): gdp.v1.SignedAdCert;

            /**
             * Encodes the specified SignedAdCert message. Does not implicitly {@link gdp.v1.SignedAdCert.verify|verify} messages.
             * @param message SignedAdCert message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedAdCert.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedAdCert message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedAdCert & gdp.v1.SignedAdCert.$Shape} SignedAdCert
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedAdCert & gdp.v1.SignedAdCert.$Shape;

            /**
             * Gets the type url for SignedAdCert
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedAdCert {

            /** Properties of a SignedAdCert. */
            interface $Properties {

                /** SignedAdCert cert */
                cert?: (gdp.v1.AdCert.$Properties|null);

                /** SignedAdCert ownerSignature */
                ownerSignature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedAdCert. */
            type $Shape = gdp.v1.SignedAdCert.$Properties;
        }

        /**
         * Properties of a DomainMembership.
         * @deprecated Use gdp.v1.DomainMembership.$Properties instead.
         */
        interface IDomainMembership extends gdp.v1.DomainMembership.$Properties {
        }

        /** Represents a DomainMembership. */
        class DomainMembership {

            /**
             * Constructs a new DomainMembership.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.DomainMembership.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DomainMembership domain. */
            domain: Uint8Array;

            /** DomainMembership domainKey. */
            domainKey?: (gdp.v1.PublicKey.$Properties|null);

            /** DomainMembership router. */
            router: Uint8Array;

            /** DomainMembership parent. */
            parent: Uint8Array;

            /** DomainMembership notBeforeUs. */
            notBeforeUs: (number);

            /** DomainMembership notAfterUs. */
            notAfterUs: (number);

            /**
             * Creates a new DomainMembership instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DomainMembership instance
             */
            static create(properties: gdp.v1.DomainMembership.$Shape): gdp.v1.DomainMembership & gdp.v1.DomainMembership.$Shape;
            static create(properties?: gdp.v1.DomainMembership.$Properties): gdp.v1.DomainMembership;

            /**
             * Encodes the specified DomainMembership message. Does not implicitly {@link gdp.v1.DomainMembership.verify|verify} messages.
             * @param message DomainMembership message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.DomainMembership.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DomainMembership message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.DomainMembership & gdp.v1.DomainMembership.$Shape} DomainMembership
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.DomainMembership & gdp.v1.DomainMembership.$Shape;

            /**
             * Gets the type url for DomainMembership
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DomainMembership {

            /** Properties of a DomainMembership. */
            interface $Properties {

                /** DomainMembership domain */
                domain?: (Uint8Array|null);

                /** DomainMembership domainKey */
                domainKey?: (gdp.v1.PublicKey.$Properties|null);

                /** DomainMembership router */
                router?: (Uint8Array|null);

                /** DomainMembership parent */
                parent?: (Uint8Array|null);

                /** DomainMembership notBeforeUs */
                notBeforeUs?: (number|null);

                /** DomainMembership notAfterUs */
                notAfterUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DomainMembership. */
            type $Shape = gdp.v1.DomainMembership.$Properties;
        }

        /**
         * Properties of a SignedDomainMembership.
         * @deprecated Use gdp.v1.SignedDomainMembership.$Properties instead.
         */
        interface ISignedDomainMembership extends gdp.v1.SignedDomainMembership.$Properties {
        }

        /** Represents a SignedDomainMembership. */
        class SignedDomainMembership {

            /**
             * Constructs a new SignedDomainMembership.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedDomainMembership.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedDomainMembership membership. */
            membership?: (gdp.v1.DomainMembership.$Properties|null);

            /** SignedDomainMembership domainSignature. */
            domainSignature: Uint8Array;

            /**
             * Creates a new SignedDomainMembership instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedDomainMembership instance
             */
            static create(properties: gdp.v1.SignedDomainMembership.$Shape): gdp.v1.SignedDomainMembership & gdp.v1.SignedDomainMembership.$Shape;
            static create(properties?: gdp.v1.SignedDomainMembership.$Properties): gdp.v1.SignedDomainMembership;

            /**
             * Encodes the specified SignedDomainMembership message. Does not implicitly {@link gdp.v1.SignedDomainMembership.verify|verify} messages.
             * @param message SignedDomainMembership message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedDomainMembership.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedDomainMembership message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedDomainMembership & gdp.v1.SignedDomainMembership.$Shape} SignedDomainMembership
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedDomainMembership & gdp.v1.SignedDomainMembership.$Shape;

            /**
             * Gets the type url for SignedDomainMembership
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedDomainMembership {

            /** Properties of a SignedDomainMembership. */
            interface $Properties {

                /** SignedDomainMembership membership */
                membership?: (gdp.v1.DomainMembership.$Properties|null);

                /** SignedDomainMembership domainSignature */
                domainSignature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedDomainMembership. */
            type $Shape = gdp.v1.SignedDomainMembership.$Properties;
        }

        /**
         * Properties of an AdvertisedCapsule.
         * @deprecated Use gdp.v1.AdvertisedCapsule.$Properties instead.
         */
        interface IAdvertisedCapsule extends gdp.v1.AdvertisedCapsule.$Properties {
        }

        /** Represents an AdvertisedCapsule. */
        class AdvertisedCapsule {

            /**
             * Constructs a new AdvertisedCapsule.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AdvertisedCapsule.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdvertisedCapsule metadata. */
            metadata?: (gdp.v1.SignedMetadata.$Properties|null);

            /** AdvertisedCapsule adcert. */
            adcert?: (gdp.v1.SignedAdCert.$Properties|null);

            /**
             * Creates a new AdvertisedCapsule instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdvertisedCapsule instance
             */
            static create(properties: gdp.v1.AdvertisedCapsule.$Shape): gdp.v1.AdvertisedCapsule & gdp.v1.AdvertisedCapsule.$Shape;
            static create(properties?: gdp.v1.AdvertisedCapsule.$Properties): gdp.v1.AdvertisedCapsule;

            /**
             * Encodes the specified AdvertisedCapsule message. Does not implicitly {@link gdp.v1.AdvertisedCapsule.verify|verify} messages.
             * @param message AdvertisedCapsule message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AdvertisedCapsule.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdvertisedCapsule message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisedCapsule & gdp.v1.AdvertisedCapsule.$Shape} AdvertisedCapsule
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AdvertisedCapsule & gdp.v1.AdvertisedCapsule.$Shape;

            /**
             * Gets the type url for AdvertisedCapsule
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AdvertisedCapsule {

            /** Properties of an AdvertisedCapsule. */
            interface $Properties {

                /** AdvertisedCapsule metadata */
                metadata?: (gdp.v1.SignedMetadata.$Properties|null);

                /** AdvertisedCapsule adcert */
                adcert?: (gdp.v1.SignedAdCert.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AdvertisedCapsule. */
            type $Shape = gdp.v1.AdvertisedCapsule.$Properties;
        }

        /**
         * Properties of an Advertisement.
         * @deprecated Use gdp.v1.Advertisement.$Properties instead.
         */
        interface IAdvertisement extends gdp.v1.Advertisement.$Properties {
        }

        /** Represents an Advertisement. */
        class Advertisement {

            /**
             * Constructs a new Advertisement.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Advertisement.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Advertisement serverKey. */
            serverKey?: (gdp.v1.PublicKey.$Properties|null);

            /** Advertisement router. */
            router: Uint8Array;

            /** Advertisement sequence. */
            sequence: (number);

            /** Advertisement issuedAtUs. */
            issuedAtUs: (number);

            /** Advertisement expiresAtUs. */
            expiresAtUs: (number);

            /** Advertisement cost. */
            cost: number;

            /** Advertisement withdraw. */
            withdraw: boolean;

            /** Advertisement capsules. */
            capsules: gdp.v1.AdvertisedCapsule.$Properties[];

            /**
             * Creates a new Advertisement instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Advertisement instance
             */
            static create(properties: gdp.v1.Advertisement.$Shape): gdp.v1.Advertisement & gdp.v1.Advertisement.$Shape;
            static create(properties?: gdp.v1.Advertisement.$Properties): gdp.v1.Advertisement;

            /**
             * Encodes the specified Advertisement message. Does not implicitly {@link gdp.v1.Advertisement.verify|verify} messages.
             * @param message Advertisement message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Advertisement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Advertisement message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Advertisement & gdp.v1.Advertisement.$Shape} Advertisement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Advertisement & gdp.v1.Advertisement.$Shape;

            /**
             * Gets the type url for Advertisement
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Advertisement {

            /** Properties of an Advertisement. */
            interface $Properties {

                /** Advertisement serverKey */
                serverKey?: (gdp.v1.PublicKey.$Properties|null);

                /** Advertisement router */
                router?: (Uint8Array|null);

                /** Advertisement sequence */
                sequence?: (number|null);

                /** Advertisement issuedAtUs */
                issuedAtUs?: (number|null);

                /** Advertisement expiresAtUs */
                expiresAtUs?: (number|null);

                /** Advertisement cost */
                cost?: (number|null);

                /** Advertisement withdraw */
                withdraw?: (boolean|null);

                /** Advertisement capsules */
                capsules?: (gdp.v1.AdvertisedCapsule.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Advertisement. */
            type $Shape = gdp.v1.Advertisement.$Properties;
        }

        /**
         * Properties of a SignedAdvertisement.
         * @deprecated Use gdp.v1.SignedAdvertisement.$Properties instead.
         */
        interface ISignedAdvertisement extends gdp.v1.SignedAdvertisement.$Properties {
        }

        /** Represents a SignedAdvertisement. */
        class SignedAdvertisement {

            /**
             * Constructs a new SignedAdvertisement.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedAdvertisement.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedAdvertisement advertisement. */
            advertisement?: (gdp.v1.Advertisement.$Properties|null);

            /** SignedAdvertisement serverSignature. */
            serverSignature: Uint8Array;

            /**
             * Creates a new SignedAdvertisement instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedAdvertisement instance
             */
            static create(properties: gdp.v1.SignedAdvertisement.$Shape): gdp.v1.SignedAdvertisement & gdp.v1.SignedAdvertisement.$Shape;
            static create(properties?: gdp.v1.SignedAdvertisement.$Properties): gdp.v1.SignedAdvertisement;

            /**
             * Encodes the specified SignedAdvertisement message. Does not implicitly {@link gdp.v1.SignedAdvertisement.verify|verify} messages.
             * @param message SignedAdvertisement message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedAdvertisement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedAdvertisement message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedAdvertisement & gdp.v1.SignedAdvertisement.$Shape} SignedAdvertisement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedAdvertisement & gdp.v1.SignedAdvertisement.$Shape;

            /**
             * Gets the type url for SignedAdvertisement
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedAdvertisement {

            /** Properties of a SignedAdvertisement. */
            interface $Properties {

                /** SignedAdvertisement advertisement */
                advertisement?: (gdp.v1.Advertisement.$Properties|null);

                /** SignedAdvertisement serverSignature */
                serverSignature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedAdvertisement. */
            type $Shape = gdp.v1.SignedAdvertisement.$Properties;
        }

        /**
         * Properties of a RecordChunk.
         * @deprecated Use gdp.v1.RecordChunk.$Properties instead.
         */
        interface IRecordChunk extends gdp.v1.RecordChunk.$Properties {
        }

        /** Represents a RecordChunk. */
        class RecordChunk {

            /**
             * Constructs a new RecordChunk.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.RecordChunk.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RecordChunk firstSeq. */
            firstSeq: (number);

            /** RecordChunk ends. */
            ends: number[];

            /** RecordChunk body. */
            body: Uint8Array;

            /**
             * Creates a new RecordChunk instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RecordChunk instance
             */
            static create(properties: gdp.v1.RecordChunk.$Shape): gdp.v1.RecordChunk & gdp.v1.RecordChunk.$Shape;
            static create(properties?: gdp.v1.RecordChunk.$Properties): gdp.v1.RecordChunk;

            /**
             * Encodes the specified RecordChunk message. Does not implicitly {@link gdp.v1.RecordChunk.verify|verify} messages.
             * @param message RecordChunk message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.RecordChunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RecordChunk message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.RecordChunk & gdp.v1.RecordChunk.$Shape} RecordChunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.RecordChunk & gdp.v1.RecordChunk.$Shape;

            /**
             * Gets the type url for RecordChunk
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RecordChunk {

            /** Properties of a RecordChunk. */
            interface $Properties {

                /** RecordChunk firstSeq */
                firstSeq?: (number|null);

                /** RecordChunk ends */
                ends?: (number[]|null);

                /** RecordChunk body */
                body?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RecordChunk. */
            type $Shape = gdp.v1.RecordChunk.$Properties;
        }

        /**
         * Properties of a MerkleTile.
         * @deprecated Use gdp.v1.MerkleTile.$Properties instead.
         */
        interface IMerkleTile extends gdp.v1.MerkleTile.$Properties {
        }

        /** Represents a MerkleTile. */
        class MerkleTile {

            /**
             * Constructs a new MerkleTile.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MerkleTile.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MerkleTile width. */
            width: number;

            /** MerkleTile hashes. */
            hashes: Uint8Array;

            /**
             * Creates a new MerkleTile instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MerkleTile instance
             */
            static create(properties: gdp.v1.MerkleTile.$Shape): gdp.v1.MerkleTile & gdp.v1.MerkleTile.$Shape;
            static create(properties?: gdp.v1.MerkleTile.$Properties): gdp.v1.MerkleTile;

            /**
             * Encodes the specified MerkleTile message. Does not implicitly {@link gdp.v1.MerkleTile.verify|verify} messages.
             * @param message MerkleTile message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MerkleTile.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MerkleTile message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MerkleTile & gdp.v1.MerkleTile.$Shape} MerkleTile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MerkleTile & gdp.v1.MerkleTile.$Shape;

            /**
             * Gets the type url for MerkleTile
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MerkleTile {

            /** Properties of a MerkleTile. */
            interface $Properties {

                /** MerkleTile width */
                width?: (number|null);

                /** MerkleTile hashes */
                hashes?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MerkleTile. */
            type $Shape = gdp.v1.MerkleTile.$Properties;
        }

        /**
         * Properties of an ExportFrame.
         * @deprecated Use gdp.v1.ExportFrame.$Properties instead.
         */
        interface IExportFrame extends gdp.v1.ExportFrame.$Properties {
        }

        /** Represents an ExportFrame. */
        class ExportFrame {

            /**
             * Constructs a new ExportFrame.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ExportFrame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ExportFrame header. */
            header?: (gdp.v1.ExportHeader.$Properties|null);

            /** ExportFrame record. */
            record?: (gdp.v1.Record.$Properties|null);

            /** ExportFrame heartbeat. */
            heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** ExportFrame trailer. */
            trailer?: (gdp.v1.ExportTrailer.$Properties|null);

            /** ExportFrame frame. */
            frame?: ("header"|"record"|"heartbeat"|"trailer");

            /**
             * Creates a new ExportFrame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ExportFrame instance
             */
            static create(properties: gdp.v1.ExportFrame.$Shape): gdp.v1.ExportFrame & gdp.v1.ExportFrame.$Shape;
            static create(properties?: gdp.v1.ExportFrame.$Properties): gdp.v1.ExportFrame;

            /**
             * Encodes the specified ExportFrame message. Does not implicitly {@link gdp.v1.ExportFrame.verify|verify} messages.
             * @param message ExportFrame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ExportFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ExportFrame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ExportFrame & gdp.v1.ExportFrame.$Shape} ExportFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ExportFrame & gdp.v1.ExportFrame.$Shape;

            /**
             * Gets the type url for ExportFrame
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ExportFrame {

            /** Properties of an ExportFrame. */
            interface $Properties {

                /** ExportFrame header */
                header?: (gdp.v1.ExportHeader.$Properties|null);

                /** ExportFrame record */
                record?: (gdp.v1.Record.$Properties|null);

                /** ExportFrame heartbeat */
                heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** ExportFrame trailer */
                trailer?: (gdp.v1.ExportTrailer.$Properties|null);

                /** ExportFrame frame */
                frame?: ("header"|"record"|"heartbeat"|"trailer");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of an ExportFrame. */
            type $Shape = {
              header?: gdp.v1.ExportHeader.$Shape|null;
              record?: gdp.v1.Record.$Shape|null;
              heartbeat?: gdp.v1.SignedHeartbeat.$Shape|null;
              trailer?: gdp.v1.ExportTrailer.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ frame?: undefined; header?: null; record?: null; heartbeat?: null; trailer?: null }|{ frame?: "header"; header: gdp.v1.ExportHeader.$Shape; record?: null; heartbeat?: null; trailer?: null }|{ frame?: "record"; header?: null; record: gdp.v1.Record.$Shape; heartbeat?: null; trailer?: null }|{ frame?: "heartbeat"; header?: null; record?: null; heartbeat: gdp.v1.SignedHeartbeat.$Shape; trailer?: null }|{ frame?: "trailer"; header?: null; record?: null; heartbeat?: null; trailer: gdp.v1.ExportTrailer.$Shape })
            );
        }

        /**
         * Properties of an ExportHeader.
         * @deprecated Use gdp.v1.ExportHeader.$Properties instead.
         */
        interface IExportHeader extends gdp.v1.ExportHeader.$Properties {
        }

        /** Represents an ExportHeader. */
        class ExportHeader {

            /**
             * Constructs a new ExportHeader.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ExportHeader.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ExportHeader version. */
            version: number;

            /** ExportHeader metadata. */
            metadata?: (gdp.v1.SignedMetadata.$Properties|null);

            /**
             * Creates a new ExportHeader instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ExportHeader instance
             */
            static create(properties: gdp.v1.ExportHeader.$Shape): gdp.v1.ExportHeader & gdp.v1.ExportHeader.$Shape;
            static create(properties?: gdp.v1.ExportHeader.$Properties): gdp.v1.ExportHeader;

            /**
             * Encodes the specified ExportHeader message. Does not implicitly {@link gdp.v1.ExportHeader.verify|verify} messages.
             * @param message ExportHeader message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ExportHeader.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ExportHeader message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ExportHeader & gdp.v1.ExportHeader.$Shape} ExportHeader
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ExportHeader & gdp.v1.ExportHeader.$Shape;

            /**
             * Gets the type url for ExportHeader
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ExportHeader {

            /** Properties of an ExportHeader. */
            interface $Properties {

                /** ExportHeader version */
                version?: (number|null);

                /** ExportHeader metadata */
                metadata?: (gdp.v1.SignedMetadata.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an ExportHeader. */
            type $Shape = gdp.v1.ExportHeader.$Properties;
        }

        /**
         * Properties of an ExportTrailer.
         * @deprecated Use gdp.v1.ExportTrailer.$Properties instead.
         */
        interface IExportTrailer extends gdp.v1.ExportTrailer.$Properties {
        }

        /** Represents an ExportTrailer. */
        class ExportTrailer {

            /**
             * Constructs a new ExportTrailer.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ExportTrailer.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ExportTrailer records. */
            records: (number);

            /** ExportTrailer heartbeats. */
            heartbeats: (number);

            /**
             * Creates a new ExportTrailer instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ExportTrailer instance
             */
            static create(properties: gdp.v1.ExportTrailer.$Shape): gdp.v1.ExportTrailer & gdp.v1.ExportTrailer.$Shape;
            static create(properties?: gdp.v1.ExportTrailer.$Properties): gdp.v1.ExportTrailer;

            /**
             * Encodes the specified ExportTrailer message. Does not implicitly {@link gdp.v1.ExportTrailer.verify|verify} messages.
             * @param message ExportTrailer message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ExportTrailer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an ExportTrailer message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ExportTrailer & gdp.v1.ExportTrailer.$Shape} ExportTrailer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ExportTrailer & gdp.v1.ExportTrailer.$Shape;

            /**
             * Gets the type url for ExportTrailer
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ExportTrailer {

            /** Properties of an ExportTrailer. */
            interface $Properties {

                /** ExportTrailer records */
                records?: (number|null);

                /** ExportTrailer heartbeats */
                heartbeats?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an ExportTrailer. */
            type $Shape = gdp.v1.ExportTrailer.$Properties;
        }
    }
}
