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

            /** ReplicationPolicy alwaysWrite. */
            alwaysWrite: boolean;

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

                /** ReplicationPolicy alwaysWrite */
                alwaysWrite?: (boolean|null);

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
         * Properties of a CapsuleDeletion.
         * @deprecated Use gdp.v1.CapsuleDeletion.$Properties instead.
         */
        interface ICapsuleDeletion extends gdp.v1.CapsuleDeletion.$Properties {
        }

        /** Represents a CapsuleDeletion. */
        class CapsuleDeletion {

            /**
             * Constructs a new CapsuleDeletion.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.CapsuleDeletion.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CapsuleDeletion capsule. */
            capsule: Uint8Array;

            /** CapsuleDeletion deletedAtUs. */
            deletedAtUs: (number);

            /** CapsuleDeletion server. */
            server: Uint8Array;

            /**
             * Creates a new CapsuleDeletion instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CapsuleDeletion instance
             */
            static create(properties: gdp.v1.CapsuleDeletion.$Shape): gdp.v1.CapsuleDeletion & gdp.v1.CapsuleDeletion.$Shape;
            static create(properties?: gdp.v1.CapsuleDeletion.$Properties): gdp.v1.CapsuleDeletion;

            /**
             * Encodes the specified CapsuleDeletion message. Does not implicitly {@link gdp.v1.CapsuleDeletion.verify|verify} messages.
             * @param message CapsuleDeletion message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.CapsuleDeletion.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CapsuleDeletion message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.CapsuleDeletion & gdp.v1.CapsuleDeletion.$Shape} CapsuleDeletion
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.CapsuleDeletion & gdp.v1.CapsuleDeletion.$Shape;

            /**
             * Gets the type url for CapsuleDeletion
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace CapsuleDeletion {

            /** Properties of a CapsuleDeletion. */
            interface $Properties {

                /** CapsuleDeletion capsule */
                capsule?: (Uint8Array|null);

                /** CapsuleDeletion deletedAtUs */
                deletedAtUs?: (number|null);

                /** CapsuleDeletion server */
                server?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CapsuleDeletion. */
            type $Shape = gdp.v1.CapsuleDeletion.$Properties;
        }

        /**
         * Properties of a SignedCapsuleDeletion.
         * @deprecated Use gdp.v1.SignedCapsuleDeletion.$Properties instead.
         */
        interface ISignedCapsuleDeletion extends gdp.v1.SignedCapsuleDeletion.$Properties {
        }

        /** Represents a SignedCapsuleDeletion. */
        class SignedCapsuleDeletion {

            /**
             * Constructs a new SignedCapsuleDeletion.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedCapsuleDeletion.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedCapsuleDeletion deletion. */
            deletion?: (gdp.v1.CapsuleDeletion.$Properties|null);

            /** SignedCapsuleDeletion ownerSignature. */
            ownerSignature: Uint8Array;

            /** SignedCapsuleDeletion delegation. */
            delegation?: (gdp.v1.SignedPlacementDelegation.$Properties|null);

            /**
             * Creates a new SignedCapsuleDeletion instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedCapsuleDeletion instance
             */
            static create(properties: gdp.v1.SignedCapsuleDeletion.$Shape): gdp.v1.SignedCapsuleDeletion & gdp.v1.SignedCapsuleDeletion.$Shape;
            static create(properties?: gdp.v1.SignedCapsuleDeletion.$Properties): gdp.v1.SignedCapsuleDeletion;

            /**
             * Encodes the specified SignedCapsuleDeletion message. Does not implicitly {@link gdp.v1.SignedCapsuleDeletion.verify|verify} messages.
             * @param message SignedCapsuleDeletion message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedCapsuleDeletion.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedCapsuleDeletion message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedCapsuleDeletion & gdp.v1.SignedCapsuleDeletion.$Shape} SignedCapsuleDeletion
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedCapsuleDeletion & gdp.v1.SignedCapsuleDeletion.$Shape;

            /**
             * Gets the type url for SignedCapsuleDeletion
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedCapsuleDeletion {

            /** Properties of a SignedCapsuleDeletion. */
            interface $Properties {

                /** SignedCapsuleDeletion deletion */
                deletion?: (gdp.v1.CapsuleDeletion.$Properties|null);

                /** SignedCapsuleDeletion ownerSignature */
                ownerSignature?: (Uint8Array|null);

                /** SignedCapsuleDeletion delegation */
                delegation?: (gdp.v1.SignedPlacementDelegation.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedCapsuleDeletion. */
            type $Shape = gdp.v1.SignedCapsuleDeletion.$Properties;
        }

        /**
         * Properties of a PlacementDelegation.
         * @deprecated Use gdp.v1.PlacementDelegation.$Properties instead.
         */
        interface IPlacementDelegation extends gdp.v1.PlacementDelegation.$Properties {
        }

        /** Represents a PlacementDelegation. */
        class PlacementDelegation {

            /**
             * Constructs a new PlacementDelegation.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.PlacementDelegation.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** PlacementDelegation capsule. */
            capsule: Uint8Array;

            /** PlacementDelegation delegate. */
            delegate?: (gdp.v1.PublicKey.$Properties|null);

            /** PlacementDelegation notBeforeUs. */
            notBeforeUs: (number);

            /** PlacementDelegation notAfterUs. */
            notAfterUs: (number);

            /**
             * Creates a new PlacementDelegation instance using the specified properties.
             * @param [properties] Properties to set
             * @returns PlacementDelegation instance
             */
            static create(properties: gdp.v1.PlacementDelegation.$Shape): gdp.v1.PlacementDelegation & gdp.v1.PlacementDelegation.$Shape;
            static create(properties?: gdp.v1.PlacementDelegation.$Properties): gdp.v1.PlacementDelegation;

            /**
             * Encodes the specified PlacementDelegation message. Does not implicitly {@link gdp.v1.PlacementDelegation.verify|verify} messages.
             * @param message PlacementDelegation message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.PlacementDelegation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a PlacementDelegation message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.PlacementDelegation & gdp.v1.PlacementDelegation.$Shape} PlacementDelegation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.PlacementDelegation & gdp.v1.PlacementDelegation.$Shape;

            /**
             * Gets the type url for PlacementDelegation
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace PlacementDelegation {

            /** Properties of a PlacementDelegation. */
            interface $Properties {

                /** PlacementDelegation capsule */
                capsule?: (Uint8Array|null);

                /** PlacementDelegation delegate */
                delegate?: (gdp.v1.PublicKey.$Properties|null);

                /** PlacementDelegation notBeforeUs */
                notBeforeUs?: (number|null);

                /** PlacementDelegation notAfterUs */
                notAfterUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a PlacementDelegation. */
            type $Shape = gdp.v1.PlacementDelegation.$Properties;
        }

        /**
         * Properties of a SignedPlacementDelegation.
         * @deprecated Use gdp.v1.SignedPlacementDelegation.$Properties instead.
         */
        interface ISignedPlacementDelegation extends gdp.v1.SignedPlacementDelegation.$Properties {
        }

        /** Represents a SignedPlacementDelegation. */
        class SignedPlacementDelegation {

            /**
             * Constructs a new SignedPlacementDelegation.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedPlacementDelegation.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedPlacementDelegation delegation. */
            delegation?: (gdp.v1.PlacementDelegation.$Properties|null);

            /** SignedPlacementDelegation ownerSignature. */
            ownerSignature: Uint8Array;

            /**
             * Creates a new SignedPlacementDelegation instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedPlacementDelegation instance
             */
            static create(properties: gdp.v1.SignedPlacementDelegation.$Shape): gdp.v1.SignedPlacementDelegation & gdp.v1.SignedPlacementDelegation.$Shape;
            static create(properties?: gdp.v1.SignedPlacementDelegation.$Properties): gdp.v1.SignedPlacementDelegation;

            /**
             * Encodes the specified SignedPlacementDelegation message. Does not implicitly {@link gdp.v1.SignedPlacementDelegation.verify|verify} messages.
             * @param message SignedPlacementDelegation message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedPlacementDelegation.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedPlacementDelegation message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedPlacementDelegation & gdp.v1.SignedPlacementDelegation.$Shape} SignedPlacementDelegation
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedPlacementDelegation & gdp.v1.SignedPlacementDelegation.$Shape;

            /**
             * Gets the type url for SignedPlacementDelegation
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedPlacementDelegation {

            /** Properties of a SignedPlacementDelegation. */
            interface $Properties {

                /** SignedPlacementDelegation delegation */
                delegation?: (gdp.v1.PlacementDelegation.$Properties|null);

                /** SignedPlacementDelegation ownerSignature */
                ownerSignature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedPlacementDelegation. */
            type $Shape = gdp.v1.SignedPlacementDelegation.$Properties;
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
         * Properties of a RangeProof.
         * @deprecated Use gdp.v1.RangeProof.$Properties instead.
         */
        interface IRangeProof extends gdp.v1.RangeProof.$Properties {
        }

        /** Represents a RangeProof. */
        class RangeProof {

            /**
             * Constructs a new RangeProof.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.RangeProof.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RangeProof from. */
            from: (number);

            /** RangeProof to. */
            to: (number);

            /** RangeProof treeSize. */
            treeSize: (number);

            /** RangeProof path. */
            path: Uint8Array[];

            /**
             * Creates a new RangeProof instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RangeProof instance
             */
            static create(properties: gdp.v1.RangeProof.$Shape): gdp.v1.RangeProof & gdp.v1.RangeProof.$Shape;
            static create(properties?: gdp.v1.RangeProof.$Properties): gdp.v1.RangeProof;

            /**
             * Encodes the specified RangeProof message. Does not implicitly {@link gdp.v1.RangeProof.verify|verify} messages.
             * @param message RangeProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.RangeProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RangeProof message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.RangeProof & gdp.v1.RangeProof.$Shape} RangeProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.RangeProof & gdp.v1.RangeProof.$Shape;

            /**
             * Gets the type url for RangeProof
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RangeProof {

            /** Properties of a RangeProof. */
            interface $Properties {

                /** RangeProof from */
                from?: (number|null);

                /** RangeProof to */
                to?: (number|null);

                /** RangeProof treeSize */
                treeSize?: (number|null);

                /** RangeProof path */
                path?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RangeProof. */
            type $Shape = gdp.v1.RangeProof.$Properties;
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
         * Properties of a FsEntry.
         * @deprecated Use gdp.v1.FsEntry.$Properties instead.
         */
        interface IFsEntry extends gdp.v1.FsEntry.$Properties {
        }

        /** Represents a FsEntry. */
        class FsEntry {

            /**
             * Constructs a new FsEntry.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.FsEntry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FsEntry file. */
            file?: (gdp.v1.FsFile.$Properties|null);

            /** FsEntry folder. */
            folder?: (gdp.v1.FsFolder.$Properties|null);

            /** FsEntry entry. */
            entry?: ("file"|"folder");

            /**
             * Creates a new FsEntry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FsEntry instance
             */
            static create(properties: gdp.v1.FsEntry.$Shape): gdp.v1.FsEntry & gdp.v1.FsEntry.$Shape;
            static create(properties?: gdp.v1.FsEntry.$Properties): gdp.v1.FsEntry;

            /**
             * Encodes the specified FsEntry message. Does not implicitly {@link gdp.v1.FsEntry.verify|verify} messages.
             * @param message FsEntry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.FsEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FsEntry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.FsEntry & gdp.v1.FsEntry.$Shape} FsEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.FsEntry & gdp.v1.FsEntry.$Shape;

            /**
             * Gets the type url for FsEntry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace FsEntry {

            /** Properties of a FsEntry. */
            interface $Properties {

                /** FsEntry file */
                file?: (gdp.v1.FsFile.$Properties|null);

                /** FsEntry folder */
                folder?: (gdp.v1.FsFolder.$Properties|null);

                /** FsEntry entry */
                entry?: ("file"|"folder");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a FsEntry. */
            type $Shape = {
              file?: gdp.v1.FsFile.$Shape|null;
              folder?: gdp.v1.FsFolder.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ entry?: undefined; file?: null; folder?: null }|{ entry?: "file"; file: gdp.v1.FsFile.$Shape; folder?: null }|{ entry?: "folder"; file?: null; folder: gdp.v1.FsFolder.$Shape })
            );
        }

        /**
         * Properties of a FsFolder.
         * @deprecated Use gdp.v1.FsFolder.$Properties instead.
         */
        interface IFsFolder extends gdp.v1.FsFolder.$Properties {
        }

        /** Represents a FsFolder. */
        class FsFolder {

            /**
             * Constructs a new FsFolder.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.FsFolder.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new FsFolder instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FsFolder instance
             */
            static create(properties: gdp.v1.FsFolder.$Shape): gdp.v1.FsFolder & gdp.v1.FsFolder.$Shape;
            static create(properties?: gdp.v1.FsFolder.$Properties): gdp.v1.FsFolder;

            /**
             * Encodes the specified FsFolder message. Does not implicitly {@link gdp.v1.FsFolder.verify|verify} messages.
             * @param message FsFolder message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.FsFolder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FsFolder message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.FsFolder & gdp.v1.FsFolder.$Shape} FsFolder
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.FsFolder & gdp.v1.FsFolder.$Shape;

            /**
             * Gets the type url for FsFolder
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace FsFolder {

            /** Properties of a FsFolder. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FsFolder. */
            type $Shape = gdp.v1.FsFolder.$Properties;
        }

        /**
         * Properties of a FsFile.
         * @deprecated Use gdp.v1.FsFile.$Properties instead.
         */
        interface IFsFile extends gdp.v1.FsFile.$Properties {
        }

        /** Represents a FsFile. */
        class FsFile {

            /**
             * Constructs a new FsFile.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.FsFile.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FsFile size. */
            size: (number);

            /** FsFile contentHash. */
            contentHash: Uint8Array;

            /** FsFile height. */
            height: number;

            /** FsFile refs. */
            refs: gdp.v1.FsBlobRef.$Properties[];

            /**
             * Creates a new FsFile instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FsFile instance
             */
            static create(properties: gdp.v1.FsFile.$Shape): gdp.v1.FsFile & gdp.v1.FsFile.$Shape;
            static create(properties?: gdp.v1.FsFile.$Properties): gdp.v1.FsFile;

            /**
             * Encodes the specified FsFile message. Does not implicitly {@link gdp.v1.FsFile.verify|verify} messages.
             * @param message FsFile message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.FsFile.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FsFile message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.FsFile & gdp.v1.FsFile.$Shape} FsFile
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.FsFile & gdp.v1.FsFile.$Shape;

            /**
             * Gets the type url for FsFile
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace FsFile {

            /** Properties of a FsFile. */
            interface $Properties {

                /** FsFile size */
                size?: (number|null);

                /** FsFile contentHash */
                contentHash?: (Uint8Array|null);

                /** FsFile height */
                height?: (number|null);

                /** FsFile refs */
                refs?: (gdp.v1.FsBlobRef.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FsFile. */
            type $Shape = gdp.v1.FsFile.$Properties;
        }

        /**
         * Properties of a FsBlobRef.
         * @deprecated Use gdp.v1.FsBlobRef.$Properties instead.
         */
        interface IFsBlobRef extends gdp.v1.FsBlobRef.$Properties {
        }

        /** Represents a FsBlobRef. */
        class FsBlobRef {

            /**
             * Constructs a new FsBlobRef.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.FsBlobRef.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FsBlobRef seqno. */
            seqno: (number);

            /** FsBlobRef length. */
            length: (number);

            /** FsBlobRef hash. */
            hash: Uint8Array;

            /**
             * Creates a new FsBlobRef instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FsBlobRef instance
             */
            static create(properties: gdp.v1.FsBlobRef.$Shape): gdp.v1.FsBlobRef & gdp.v1.FsBlobRef.$Shape;
            static create(properties?: gdp.v1.FsBlobRef.$Properties): gdp.v1.FsBlobRef;

            /**
             * Encodes the specified FsBlobRef message. Does not implicitly {@link gdp.v1.FsBlobRef.verify|verify} messages.
             * @param message FsBlobRef message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.FsBlobRef.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FsBlobRef message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.FsBlobRef & gdp.v1.FsBlobRef.$Shape} FsBlobRef
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.FsBlobRef & gdp.v1.FsBlobRef.$Shape;

            /**
             * Gets the type url for FsBlobRef
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace FsBlobRef {

            /** Properties of a FsBlobRef. */
            interface $Properties {

                /** FsBlobRef seqno */
                seqno?: (number|null);

                /** FsBlobRef length */
                length?: (number|null);

                /** FsBlobRef hash */
                hash?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FsBlobRef. */
            type $Shape = gdp.v1.FsBlobRef.$Properties;
        }

        /**
         * Properties of a FsPage.
         * @deprecated Use gdp.v1.FsPage.$Properties instead.
         */
        interface IFsPage extends gdp.v1.FsPage.$Properties {
        }

        /** Represents a FsPage. */
        class FsPage {

            /**
             * Constructs a new FsPage.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.FsPage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FsPage refs. */
            refs: gdp.v1.FsBlobRef.$Properties[];

            /**
             * Creates a new FsPage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FsPage instance
             */
            static create(properties: gdp.v1.FsPage.$Shape): gdp.v1.FsPage & gdp.v1.FsPage.$Shape;
            static create(properties?: gdp.v1.FsPage.$Properties): gdp.v1.FsPage;

            /**
             * Encodes the specified FsPage message. Does not implicitly {@link gdp.v1.FsPage.verify|verify} messages.
             * @param message FsPage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.FsPage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FsPage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.FsPage & gdp.v1.FsPage.$Shape} FsPage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.FsPage & gdp.v1.FsPage.$Shape;

            /**
             * Gets the type url for FsPage
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace FsPage {

            /** Properties of a FsPage. */
            interface $Properties {

                /** FsPage refs */
                refs?: (gdp.v1.FsBlobRef.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FsPage. */
            type $Shape = gdp.v1.FsPage.$Properties;
        }

        /**
         * Properties of a KvRecord.
         * @deprecated Use gdp.v1.KvRecord.$Properties instead.
         */
        interface IKvRecord extends gdp.v1.KvRecord.$Properties {
        }

        /** Represents a KvRecord. */
        class KvRecord {

            /**
             * Constructs a new KvRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvRecord put. */
            put?: (gdp.v1.KvPut.$Properties|null);

            /** KvRecord delete. */
            delete?: (gdp.v1.KvDelete.$Properties|null);

            /** KvRecord batch. */
            batch?: (gdp.v1.KvBatch.$Properties|null);

            /** KvRecord checkpoint. */
            checkpoint?: (gdp.v1.KvCheckpoint.$Properties|null);

            /** KvRecord blob. */
            blob?: (gdp.v1.KvBlob.$Properties|null);

            /** KvRecord record. */
            record?: ("put"|"delete"|"batch"|"checkpoint"|"blob");

            /**
             * Creates a new KvRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvRecord instance
             */
            static create(properties: gdp.v1.KvRecord.$Shape): gdp.v1.KvRecord & gdp.v1.KvRecord.$Shape;
            static create(properties?: gdp.v1.KvRecord.$Properties): gdp.v1.KvRecord;

            /**
             * Encodes the specified KvRecord message. Does not implicitly {@link gdp.v1.KvRecord.verify|verify} messages.
             * @param message KvRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvRecord & gdp.v1.KvRecord.$Shape} KvRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvRecord & gdp.v1.KvRecord.$Shape;

            /**
             * Gets the type url for KvRecord
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvRecord {

            /** Properties of a KvRecord. */
            interface $Properties {

                /** KvRecord put */
                put?: (gdp.v1.KvPut.$Properties|null);

                /** KvRecord delete */
                "delete"?: (gdp.v1.KvDelete.$Properties|null);

                /** KvRecord batch */
                batch?: (gdp.v1.KvBatch.$Properties|null);

                /** KvRecord checkpoint */
                checkpoint?: (gdp.v1.KvCheckpoint.$Properties|null);

                /** KvRecord blob */
                blob?: (gdp.v1.KvBlob.$Properties|null);

                /** KvRecord record */
                record?: ("put"|"delete"|"batch"|"checkpoint"|"blob");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a KvRecord. */
            type $Shape = {
              put?: gdp.v1.KvPut.$Shape|null;
              "delete"?: gdp.v1.KvDelete.$Shape|null;
              batch?: gdp.v1.KvBatch.$Shape|null;
              checkpoint?: gdp.v1.KvCheckpoint.$Shape|null;
              blob?: gdp.v1.KvBlob.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ record?: undefined; put?: null; "delete"?: null; batch?: null; checkpoint?: null; blob?: null }|{ record?: "put"; put: gdp.v1.KvPut.$Shape; "delete"?: null; batch?: null; checkpoint?: null; blob?: null }|{ record?: "delete"; put?: null; "delete": gdp.v1.KvDelete.$Shape; batch?: null; checkpoint?: null; blob?: null }|{ record?: "batch"; put?: null; "delete"?: null; batch: gdp.v1.KvBatch.$Shape; checkpoint?: null; blob?: null }|{ record?: "checkpoint"; put?: null; "delete"?: null; batch?: null; checkpoint: gdp.v1.KvCheckpoint.$Shape; blob?: null }|{ record?: "blob"; put?: null; "delete"?: null; batch?: null; checkpoint?: null; blob: gdp.v1.KvBlob.$Shape })
            );
        }

        /**
         * Properties of a KvPut.
         * @deprecated Use gdp.v1.KvPut.$Properties instead.
         */
        interface IKvPut extends gdp.v1.KvPut.$Properties {
        }

        /** Represents a KvPut. */
        class KvPut {

            /**
             * Constructs a new KvPut.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvPut.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvPut key. */
            key: Uint8Array;

            /** KvPut value. */
            value: Uint8Array;

            /** KvPut encryptionEpoch. */
            encryptionEpoch: number;

            /**
             * Creates a new KvPut instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvPut instance
             */
            static create(properties: gdp.v1.KvPut.$Shape): gdp.v1.KvPut & gdp.v1.KvPut.$Shape;
            static create(properties?: gdp.v1.KvPut.$Properties): gdp.v1.KvPut;

            /**
             * Encodes the specified KvPut message. Does not implicitly {@link gdp.v1.KvPut.verify|verify} messages.
             * @param message KvPut message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvPut.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvPut message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvPut & gdp.v1.KvPut.$Shape} KvPut
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvPut & gdp.v1.KvPut.$Shape;

            /**
             * Gets the type url for KvPut
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvPut {

            /** Properties of a KvPut. */
            interface $Properties {

                /** KvPut key */
                key?: (Uint8Array|null);

                /** KvPut value */
                value?: (Uint8Array|null);

                /** KvPut encryptionEpoch */
                encryptionEpoch?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvPut. */
            type $Shape = gdp.v1.KvPut.$Properties;
        }

        /**
         * Properties of a KvDelete.
         * @deprecated Use gdp.v1.KvDelete.$Properties instead.
         */
        interface IKvDelete extends gdp.v1.KvDelete.$Properties {
        }

        /** Represents a KvDelete. */
        class KvDelete {

            /**
             * Constructs a new KvDelete.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvDelete.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvDelete key. */
            key: Uint8Array;

            /**
             * Creates a new KvDelete instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvDelete instance
             */
            static create(properties: gdp.v1.KvDelete.$Shape): gdp.v1.KvDelete & gdp.v1.KvDelete.$Shape;
            static create(properties?: gdp.v1.KvDelete.$Properties): gdp.v1.KvDelete;

            /**
             * Encodes the specified KvDelete message. Does not implicitly {@link gdp.v1.KvDelete.verify|verify} messages.
             * @param message KvDelete message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvDelete.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvDelete message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvDelete & gdp.v1.KvDelete.$Shape} KvDelete
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvDelete & gdp.v1.KvDelete.$Shape;

            /**
             * Gets the type url for KvDelete
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvDelete {

            /** Properties of a KvDelete. */
            interface $Properties {

                /** KvDelete key */
                key?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvDelete. */
            type $Shape = gdp.v1.KvDelete.$Properties;
        }

        /**
         * Properties of a KvOp.
         * @deprecated Use gdp.v1.KvOp.$Properties instead.
         */
        interface IKvOp extends gdp.v1.KvOp.$Properties {
        }

        /** Represents a KvOp. */
        class KvOp {

            /**
             * Constructs a new KvOp.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvOp.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvOp put. */
            put?: (gdp.v1.KvPut.$Properties|null);

            /** KvOp delete. */
            delete?: (gdp.v1.KvDelete.$Properties|null);

            /** KvOp op. */
            op?: ("put"|"delete");

            /**
             * Creates a new KvOp instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvOp instance
             */
            static create(properties: gdp.v1.KvOp.$Shape): gdp.v1.KvOp & gdp.v1.KvOp.$Shape;
            static create(properties?: gdp.v1.KvOp.$Properties): gdp.v1.KvOp;

            /**
             * Encodes the specified KvOp message. Does not implicitly {@link gdp.v1.KvOp.verify|verify} messages.
             * @param message KvOp message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvOp.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvOp message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvOp & gdp.v1.KvOp.$Shape} KvOp
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvOp & gdp.v1.KvOp.$Shape;

            /**
             * Gets the type url for KvOp
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvOp {

            /** Properties of a KvOp. */
            interface $Properties {

                /** KvOp put */
                put?: (gdp.v1.KvPut.$Properties|null);

                /** KvOp delete */
                "delete"?: (gdp.v1.KvDelete.$Properties|null);

                /** KvOp op */
                op?: ("put"|"delete");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a KvOp. */
            type $Shape = {
              put?: gdp.v1.KvPut.$Shape|null;
              "delete"?: gdp.v1.KvDelete.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ op?: undefined; put?: null; "delete"?: null }|{ op?: "put"; put: gdp.v1.KvPut.$Shape; "delete"?: null }|{ op?: "delete"; put?: null; "delete": gdp.v1.KvDelete.$Shape })
            );
        }

        /**
         * Properties of a KvBatch.
         * @deprecated Use gdp.v1.KvBatch.$Properties instead.
         */
        interface IKvBatch extends gdp.v1.KvBatch.$Properties {
        }

        /** Represents a KvBatch. */
        class KvBatch {

            /**
             * Constructs a new KvBatch.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvBatch.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvBatch ops. */
            ops: gdp.v1.KvOp.$Properties[];

            /**
             * Creates a new KvBatch instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvBatch instance
             */
            static create(properties: gdp.v1.KvBatch.$Shape): gdp.v1.KvBatch & gdp.v1.KvBatch.$Shape;
            static create(properties?: gdp.v1.KvBatch.$Properties): gdp.v1.KvBatch;

            /**
             * Encodes the specified KvBatch message. Does not implicitly {@link gdp.v1.KvBatch.verify|verify} messages.
             * @param message KvBatch message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvBatch message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvBatch & gdp.v1.KvBatch.$Shape} KvBatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvBatch & gdp.v1.KvBatch.$Shape;

            /**
             * Gets the type url for KvBatch
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvBatch {

            /** Properties of a KvBatch. */
            interface $Properties {

                /** KvBatch ops */
                ops?: (gdp.v1.KvOp.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvBatch. */
            type $Shape = {
              ops?: gdp.v1.KvOp.$Shape[]|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of a KvCheckpoint.
         * @deprecated Use gdp.v1.KvCheckpoint.$Properties instead.
         */
        interface IKvCheckpoint extends gdp.v1.KvCheckpoint.$Properties {
        }

        /** Represents a KvCheckpoint. */
        class KvCheckpoint {

            /**
             * Constructs a new KvCheckpoint.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvCheckpoint.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvCheckpoint version. */
            version: (number);

            /** KvCheckpoint keyCount. */
            keyCount: (number);

            /** KvCheckpoint root. */
            root: Uint8Array;

            /**
             * Creates a new KvCheckpoint instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvCheckpoint instance
             */
            static create(properties: gdp.v1.KvCheckpoint.$Shape): gdp.v1.KvCheckpoint & gdp.v1.KvCheckpoint.$Shape;
            static create(properties?: gdp.v1.KvCheckpoint.$Properties): gdp.v1.KvCheckpoint;

            /**
             * Encodes the specified KvCheckpoint message. Does not implicitly {@link gdp.v1.KvCheckpoint.verify|verify} messages.
             * @param message KvCheckpoint message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvCheckpoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvCheckpoint message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvCheckpoint & gdp.v1.KvCheckpoint.$Shape} KvCheckpoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvCheckpoint & gdp.v1.KvCheckpoint.$Shape;

            /**
             * Gets the type url for KvCheckpoint
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvCheckpoint {

            /** Properties of a KvCheckpoint. */
            interface $Properties {

                /** KvCheckpoint version */
                version?: (number|null);

                /** KvCheckpoint keyCount */
                keyCount?: (number|null);

                /** KvCheckpoint root */
                root?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvCheckpoint. */
            type $Shape = gdp.v1.KvCheckpoint.$Properties;
        }

        /**
         * Properties of a KvBlob.
         * @deprecated Use gdp.v1.KvBlob.$Properties instead.
         */
        interface IKvBlob extends gdp.v1.KvBlob.$Properties {
        }

        /** Represents a KvBlob. */
        class KvBlob {

            /**
             * Constructs a new KvBlob.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvBlob.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvBlob data. */
            data: Uint8Array;

            /**
             * Creates a new KvBlob instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvBlob instance
             */
            static create(properties: gdp.v1.KvBlob.$Shape): gdp.v1.KvBlob & gdp.v1.KvBlob.$Shape;
            static create(properties?: gdp.v1.KvBlob.$Properties): gdp.v1.KvBlob;

            /**
             * Encodes the specified KvBlob message. Does not implicitly {@link gdp.v1.KvBlob.verify|verify} messages.
             * @param message KvBlob message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvBlob.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvBlob message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvBlob & gdp.v1.KvBlob.$Shape} KvBlob
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvBlob & gdp.v1.KvBlob.$Shape;

            /**
             * Gets the type url for KvBlob
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvBlob {

            /** Properties of a KvBlob. */
            interface $Properties {

                /** KvBlob data */
                data?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvBlob. */
            type $Shape = gdp.v1.KvBlob.$Properties;
        }

        /**
         * Properties of a KvTreeNode.
         * @deprecated Use gdp.v1.KvTreeNode.$Properties instead.
         */
        interface IKvTreeNode extends gdp.v1.KvTreeNode.$Properties {
        }

        /** Represents a KvTreeNode. */
        class KvTreeNode {

            /**
             * Constructs a new KvTreeNode.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvTreeNode.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvTreeNode key. */
            key: Uint8Array;

            /** KvTreeNode valueHash. */
            valueHash: Uint8Array;

            /** KvTreeNode encryptionEpoch. */
            encryptionEpoch: number;

            /** KvTreeNode seqno. */
            seqno: (number);

            /** KvTreeNode left. */
            left: Uint8Array;

            /** KvTreeNode leftCount. */
            leftCount: (number);

            /** KvTreeNode right. */
            right: Uint8Array;

            /** KvTreeNode rightCount. */
            rightCount: (number);

            /**
             * Creates a new KvTreeNode instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvTreeNode instance
             */
            static create(properties: gdp.v1.KvTreeNode.$Shape): gdp.v1.KvTreeNode & gdp.v1.KvTreeNode.$Shape;
            static create(properties?: gdp.v1.KvTreeNode.$Properties): gdp.v1.KvTreeNode;

            /**
             * Encodes the specified KvTreeNode message. Does not implicitly {@link gdp.v1.KvTreeNode.verify|verify} messages.
             * @param message KvTreeNode message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvTreeNode.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvTreeNode message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvTreeNode & gdp.v1.KvTreeNode.$Shape} KvTreeNode
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvTreeNode & gdp.v1.KvTreeNode.$Shape;

            /**
             * Gets the type url for KvTreeNode
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvTreeNode {

            /** Properties of a KvTreeNode. */
            interface $Properties {

                /** KvTreeNode key */
                key?: (Uint8Array|null);

                /** KvTreeNode valueHash */
                valueHash?: (Uint8Array|null);

                /** KvTreeNode encryptionEpoch */
                encryptionEpoch?: (number|null);

                /** KvTreeNode seqno */
                seqno?: (number|null);

                /** KvTreeNode left */
                left?: (Uint8Array|null);

                /** KvTreeNode leftCount */
                leftCount?: (number|null);

                /** KvTreeNode right */
                right?: (Uint8Array|null);

                /** KvTreeNode rightCount */
                rightCount?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvTreeNode. */
            type $Shape = gdp.v1.KvTreeNode.$Properties;
        }

        /**
         * Properties of a KvProofNode.
         * @deprecated Use gdp.v1.KvProofNode.$Properties instead.
         */
        interface IKvProofNode extends gdp.v1.KvProofNode.$Properties {
        }

        /** Represents a KvProofNode. */
        class KvProofNode {

            /**
             * Constructs a new KvProofNode.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvProofNode.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvProofNode entry. */
            entry?: (gdp.v1.KvProofEntry.$Properties|null);

            /** KvProofNode pruned. */
            pruned?: (gdp.v1.KvPrunedSubtree.$Properties|null);

            /** KvProofNode node. */
            node?: ("entry"|"pruned");

            /**
             * Creates a new KvProofNode instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvProofNode instance
             */
            static create(properties: gdp.v1.KvProofNode.$Shape): gdp.v1.KvProofNode & gdp.v1.KvProofNode.$Shape;
            static create(properties?: gdp.v1.KvProofNode.$Properties): gdp.v1.KvProofNode;

            /**
             * Encodes the specified KvProofNode message. Does not implicitly {@link gdp.v1.KvProofNode.verify|verify} messages.
             * @param message KvProofNode message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvProofNode.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvProofNode message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvProofNode & gdp.v1.KvProofNode.$Shape} KvProofNode
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvProofNode & gdp.v1.KvProofNode.$Shape;

            /**
             * Gets the type url for KvProofNode
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvProofNode {

            /** Properties of a KvProofNode. */
            interface $Properties {

                /** KvProofNode entry */
                entry?: (gdp.v1.KvProofEntry.$Properties|null);

                /** KvProofNode pruned */
                pruned?: (gdp.v1.KvPrunedSubtree.$Properties|null);

                /** KvProofNode node */
                node?: ("entry"|"pruned");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a KvProofNode. */
            type $Shape = {
              entry?: gdp.v1.KvProofEntry.$Shape|null;
              pruned?: gdp.v1.KvPrunedSubtree.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ node?: undefined; entry?: null; pruned?: null }|{ node?: "entry"; entry: gdp.v1.KvProofEntry.$Shape; pruned?: null }|{ node?: "pruned"; entry?: null; pruned: gdp.v1.KvPrunedSubtree.$Shape })
            );
        }

        /**
         * Properties of a KvProofEntry.
         * @deprecated Use gdp.v1.KvProofEntry.$Properties instead.
         */
        interface IKvProofEntry extends gdp.v1.KvProofEntry.$Properties {
        }

        /** Represents a KvProofEntry. */
        class KvProofEntry {

            /**
             * Constructs a new KvProofEntry.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvProofEntry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvProofEntry key. */
            key: Uint8Array;

            /** KvProofEntry valueHash. */
            valueHash: Uint8Array;

            /** KvProofEntry encryptionEpoch. */
            encryptionEpoch: number;

            /** KvProofEntry seqno. */
            seqno: (number);

            /** KvProofEntry hasLeft. */
            hasLeft: boolean;

            /** KvProofEntry hasRight. */
            hasRight: boolean;

            /**
             * Creates a new KvProofEntry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvProofEntry instance
             */
            static create(properties: gdp.v1.KvProofEntry.$Shape): gdp.v1.KvProofEntry & gdp.v1.KvProofEntry.$Shape;
            static create(properties?: gdp.v1.KvProofEntry.$Properties): gdp.v1.KvProofEntry;

            /**
             * Encodes the specified KvProofEntry message. Does not implicitly {@link gdp.v1.KvProofEntry.verify|verify} messages.
             * @param message KvProofEntry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvProofEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvProofEntry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvProofEntry & gdp.v1.KvProofEntry.$Shape} KvProofEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvProofEntry & gdp.v1.KvProofEntry.$Shape;

            /**
             * Gets the type url for KvProofEntry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvProofEntry {

            /** Properties of a KvProofEntry. */
            interface $Properties {

                /** KvProofEntry key */
                key?: (Uint8Array|null);

                /** KvProofEntry valueHash */
                valueHash?: (Uint8Array|null);

                /** KvProofEntry encryptionEpoch */
                encryptionEpoch?: (number|null);

                /** KvProofEntry seqno */
                seqno?: (number|null);

                /** KvProofEntry hasLeft */
                hasLeft?: (boolean|null);

                /** KvProofEntry hasRight */
                hasRight?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvProofEntry. */
            type $Shape = gdp.v1.KvProofEntry.$Properties;
        }

        /**
         * Properties of a KvPrunedSubtree.
         * @deprecated Use gdp.v1.KvPrunedSubtree.$Properties instead.
         */
        interface IKvPrunedSubtree extends gdp.v1.KvPrunedSubtree.$Properties {
        }

        /** Represents a KvPrunedSubtree. */
        class KvPrunedSubtree {

            /**
             * Constructs a new KvPrunedSubtree.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvPrunedSubtree.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvPrunedSubtree hash. */
            hash: Uint8Array;

            /** KvPrunedSubtree count. */
            count: (number);

            /**
             * Creates a new KvPrunedSubtree instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvPrunedSubtree instance
             */
            static create(properties: gdp.v1.KvPrunedSubtree.$Shape): gdp.v1.KvPrunedSubtree & gdp.v1.KvPrunedSubtree.$Shape;
            static create(properties?: gdp.v1.KvPrunedSubtree.$Properties): gdp.v1.KvPrunedSubtree;

            /**
             * Encodes the specified KvPrunedSubtree message. Does not implicitly {@link gdp.v1.KvPrunedSubtree.verify|verify} messages.
             * @param message KvPrunedSubtree message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvPrunedSubtree.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvPrunedSubtree message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvPrunedSubtree & gdp.v1.KvPrunedSubtree.$Shape} KvPrunedSubtree
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvPrunedSubtree & gdp.v1.KvPrunedSubtree.$Shape;

            /**
             * Gets the type url for KvPrunedSubtree
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvPrunedSubtree {

            /** Properties of a KvPrunedSubtree. */
            interface $Properties {

                /** KvPrunedSubtree hash */
                hash?: (Uint8Array|null);

                /** KvPrunedSubtree count */
                count?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvPrunedSubtree. */
            type $Shape = gdp.v1.KvPrunedSubtree.$Properties;
        }

        /**
         * Properties of a KvProof.
         * @deprecated Use gdp.v1.KvProof.$Properties instead.
         */
        interface IKvProof extends gdp.v1.KvProof.$Properties {
        }

        /** Represents a KvProof. */
        class KvProof {

            /**
             * Constructs a new KvProof.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvProof.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvProof heartbeat. */
            heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** KvProof checkpoint. */
            checkpoint?: (gdp.v1.Record.$Properties|null);

            /** KvProof checkpointInclusion. */
            checkpointInclusion?: (gdp.v1.InclusionProof.$Properties|null);

            /** KvProof nodes. */
            nodes: gdp.v1.KvProofNode.$Properties[];

            /** KvProof nextHeader. */
            nextHeader?: (gdp.v1.RecordHeader.$Properties|null);

            /** KvProof nextInclusion. */
            nextInclusion?: (gdp.v1.InclusionProof.$Properties|null);

            /**
             * Creates a new KvProof instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvProof instance
             */
            static create(properties: gdp.v1.KvProof.$Shape): gdp.v1.KvProof & gdp.v1.KvProof.$Shape;
            static create(properties?: gdp.v1.KvProof.$Properties): gdp.v1.KvProof;

            /**
             * Encodes the specified KvProof message. Does not implicitly {@link gdp.v1.KvProof.verify|verify} messages.
             * @param message KvProof message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvProof.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvProof message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvProof & gdp.v1.KvProof.$Shape} KvProof
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvProof & gdp.v1.KvProof.$Shape;

            /**
             * Gets the type url for KvProof
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvProof {

            /** Properties of a KvProof. */
            interface $Properties {

                /** KvProof heartbeat */
                heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** KvProof checkpoint */
                checkpoint?: (gdp.v1.Record.$Properties|null);

                /** KvProof checkpointInclusion */
                checkpointInclusion?: (gdp.v1.InclusionProof.$Properties|null);

                /** KvProof nodes */
                nodes?: (gdp.v1.KvProofNode.$Properties[]|null);

                /** KvProof nextHeader */
                nextHeader?: (gdp.v1.RecordHeader.$Properties|null);

                /** KvProof nextInclusion */
                nextInclusion?: (gdp.v1.InclusionProof.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvProof. */
            type $Shape = {
              heartbeat?: gdp.v1.SignedHeartbeat.$Shape|null;
              checkpoint?: gdp.v1.Record.$Shape|null;
              checkpointInclusion?: gdp.v1.InclusionProof.$Shape|null;
              nodes?: gdp.v1.KvProofNode.$Shape[]|null;
              nextHeader?: gdp.v1.RecordHeader.$Shape|null;
              nextInclusion?: gdp.v1.InclusionProof.$Shape|null;
              $unknowns?: Uint8Array[];
            };
        }

        /**
         * Properties of a KvReadRequest.
         * @deprecated Use gdp.v1.KvReadRequest.$Properties instead.
         */
        interface IKvReadRequest extends gdp.v1.KvReadRequest.$Properties {
        }

        /** Represents a KvReadRequest. */
        class KvReadRequest {

            /**
             * Constructs a new KvReadRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvReadRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvReadRequest version. */
            version?: (number|null);

            /** KvReadRequest atUs. */
            atUs?: (number|null);

            /** KvReadRequest get. */
            get?: (gdp.v1.KvKeys.$Properties|null);

            /** KvReadRequest range. */
            range?: (gdp.v1.KvScan.$Properties|null);

            /** KvReadRequest count. */
            count?: (gdp.v1.KvScan.$Properties|null);

            /** KvReadRequest history. */
            history?: (gdp.v1.KvHistoryQuery.$Properties|null);

            /** KvReadRequest diff. */
            diff?: (gdp.v1.KvDiffQuery.$Properties|null);

            /** KvReadRequest findBlob. */
            findBlob?: (Uint8Array|null);

            /** KvReadRequest proveWrite. */
            proveWrite?: (gdp.v1.KvKeys.$Properties|null);

            /** KvReadRequest proof. */
            proof: boolean;

            /** KvReadRequest at. */
            at?: ("version"|"atUs");

            /** KvReadRequest query. */
            query?: ("get"|"range"|"count"|"history"|"diff"|"findBlob"|"proveWrite");

            /**
             * Creates a new KvReadRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvReadRequest instance
             */
            static create(properties: gdp.v1.KvReadRequest.$Shape): gdp.v1.KvReadRequest & gdp.v1.KvReadRequest.$Shape;
            static create(properties?: gdp.v1.KvReadRequest.$Properties): gdp.v1.KvReadRequest;

            /**
             * Encodes the specified KvReadRequest message. Does not implicitly {@link gdp.v1.KvReadRequest.verify|verify} messages.
             * @param message KvReadRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvReadRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvReadRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvReadRequest & gdp.v1.KvReadRequest.$Shape} KvReadRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvReadRequest & gdp.v1.KvReadRequest.$Shape;

            /**
             * Gets the type url for KvReadRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvReadRequest {

            /** Properties of a KvReadRequest. */
            interface $Properties {

                /** KvReadRequest version */
                version?: (number|null);

                /** KvReadRequest atUs */
                atUs?: (number|null);

                /** KvReadRequest get */
                get?: (gdp.v1.KvKeys.$Properties|null);

                /** KvReadRequest range */
                range?: (gdp.v1.KvScan.$Properties|null);

                /** KvReadRequest count */
                count?: (gdp.v1.KvScan.$Properties|null);

                /** KvReadRequest history */
                history?: (gdp.v1.KvHistoryQuery.$Properties|null);

                /** KvReadRequest diff */
                diff?: (gdp.v1.KvDiffQuery.$Properties|null);

                /** KvReadRequest findBlob */
                findBlob?: (Uint8Array|null);

                /** KvReadRequest proveWrite */
                proveWrite?: (gdp.v1.KvKeys.$Properties|null);

                /** KvReadRequest proof */
                proof?: (boolean|null);

                /** KvReadRequest at */
                at?: ("version"|"atUs");

                /** KvReadRequest query */
                query?: ("get"|"range"|"count"|"history"|"diff"|"findBlob"|"proveWrite");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a KvReadRequest. */
            type $Shape = {
              version?: number|null;
              atUs?: number|null;
              get?: gdp.v1.KvKeys.$Shape|null;
              range?: gdp.v1.KvScan.$Shape|null;
              count?: gdp.v1.KvScan.$Shape|null;
              history?: gdp.v1.KvHistoryQuery.$Shape|null;
              diff?: gdp.v1.KvDiffQuery.$Shape|null;
              findBlob?: Uint8Array|null;
              proveWrite?: gdp.v1.KvKeys.$Shape|null;
              proof?: boolean|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ at?: undefined; version?: null; atUs?: null }|{ at?: "version"; version: number; atUs?: null }|{ at?: "atUs"; version?: null; atUs: number })
            ) & (
              ({ query?: undefined; get?: null; range?: null; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "get"; get: gdp.v1.KvKeys.$Shape; range?: null; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "range"; get?: null; range: gdp.v1.KvScan.$Shape; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "count"; get?: null; range?: null; count: gdp.v1.KvScan.$Shape; history?: null; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "history"; get?: null; range?: null; count?: null; history: gdp.v1.KvHistoryQuery.$Shape; diff?: null; findBlob?: null; proveWrite?: null }|{ query?: "diff"; get?: null; range?: null; count?: null; history?: null; diff: gdp.v1.KvDiffQuery.$Shape; findBlob?: null; proveWrite?: null }|{ query?: "findBlob"; get?: null; range?: null; count?: null; history?: null; diff?: null; findBlob: Uint8Array; proveWrite?: null }|{ query?: "proveWrite"; get?: null; range?: null; count?: null; history?: null; diff?: null; findBlob?: null; proveWrite: gdp.v1.KvKeys.$Shape })
            );
        }

        /**
         * Properties of a KvKeys.
         * @deprecated Use gdp.v1.KvKeys.$Properties instead.
         */
        interface IKvKeys extends gdp.v1.KvKeys.$Properties {
        }

        /** Represents a KvKeys. */
        class KvKeys {

            /**
             * Constructs a new KvKeys.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvKeys.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvKeys keys. */
            keys: Uint8Array[];

            /**
             * Creates a new KvKeys instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvKeys instance
             */
            static create(properties: gdp.v1.KvKeys.$Shape): gdp.v1.KvKeys & gdp.v1.KvKeys.$Shape;
            static create(properties?: gdp.v1.KvKeys.$Properties): gdp.v1.KvKeys;

            /**
             * Encodes the specified KvKeys message. Does not implicitly {@link gdp.v1.KvKeys.verify|verify} messages.
             * @param message KvKeys message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvKeys.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvKeys message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvKeys & gdp.v1.KvKeys.$Shape} KvKeys
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvKeys & gdp.v1.KvKeys.$Shape;

            /**
             * Gets the type url for KvKeys
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvKeys {

            /** Properties of a KvKeys. */
            interface $Properties {

                /** KvKeys keys */
                keys?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvKeys. */
            type $Shape = gdp.v1.KvKeys.$Properties;
        }

        /**
         * Properties of a KvScan.
         * @deprecated Use gdp.v1.KvScan.$Properties instead.
         */
        interface IKvScan extends gdp.v1.KvScan.$Properties {
        }

        /** Represents a KvScan. */
        class KvScan {

            /**
             * Constructs a new KvScan.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvScan.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvScan gt. */
            gt: Uint8Array;

            /** KvScan gte. */
            gte: Uint8Array;

            /** KvScan lt. */
            lt: Uint8Array;

            /** KvScan lte. */
            lte: Uint8Array;

            /** KvScan prefix. */
            prefix: Uint8Array;

            /** KvScan reverse. */
            reverse: boolean;

            /** KvScan limit. */
            limit: (number);

            /**
             * Creates a new KvScan instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvScan instance
             */
            static create(properties: gdp.v1.KvScan.$Shape): gdp.v1.KvScan & gdp.v1.KvScan.$Shape;
            static create(properties?: gdp.v1.KvScan.$Properties): gdp.v1.KvScan;

            /**
             * Encodes the specified KvScan message. Does not implicitly {@link gdp.v1.KvScan.verify|verify} messages.
             * @param message KvScan message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvScan.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvScan message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvScan & gdp.v1.KvScan.$Shape} KvScan
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvScan & gdp.v1.KvScan.$Shape;

            /**
             * Gets the type url for KvScan
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvScan {

            /** Properties of a KvScan. */
            interface $Properties {

                /** KvScan gt */
                gt?: (Uint8Array|null);

                /** KvScan gte */
                gte?: (Uint8Array|null);

                /** KvScan lt */
                lt?: (Uint8Array|null);

                /** KvScan lte */
                lte?: (Uint8Array|null);

                /** KvScan prefix */
                prefix?: (Uint8Array|null);

                /** KvScan reverse */
                reverse?: (boolean|null);

                /** KvScan limit */
                limit?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvScan. */
            type $Shape = gdp.v1.KvScan.$Properties;
        }

        /**
         * Properties of a KvHistoryQuery.
         * @deprecated Use gdp.v1.KvHistoryQuery.$Properties instead.
         */
        interface IKvHistoryQuery extends gdp.v1.KvHistoryQuery.$Properties {
        }

        /** Represents a KvHistoryQuery. */
        class KvHistoryQuery {

            /**
             * Constructs a new KvHistoryQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvHistoryQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvHistoryQuery key. */
            key: Uint8Array;

            /** KvHistoryQuery fromSeqno. */
            fromSeqno: (number);

            /**
             * Creates a new KvHistoryQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvHistoryQuery instance
             */
            static create(properties: gdp.v1.KvHistoryQuery.$Shape): gdp.v1.KvHistoryQuery & gdp.v1.KvHistoryQuery.$Shape;
            static create(properties?: gdp.v1.KvHistoryQuery.$Properties): gdp.v1.KvHistoryQuery;

            /**
             * Encodes the specified KvHistoryQuery message. Does not implicitly {@link gdp.v1.KvHistoryQuery.verify|verify} messages.
             * @param message KvHistoryQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvHistoryQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvHistoryQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvHistoryQuery & gdp.v1.KvHistoryQuery.$Shape} KvHistoryQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvHistoryQuery & gdp.v1.KvHistoryQuery.$Shape;

            /**
             * Gets the type url for KvHistoryQuery
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvHistoryQuery {

            /** Properties of a KvHistoryQuery. */
            interface $Properties {

                /** KvHistoryQuery key */
                key?: (Uint8Array|null);

                /** KvHistoryQuery fromSeqno */
                fromSeqno?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvHistoryQuery. */
            type $Shape = gdp.v1.KvHistoryQuery.$Properties;
        }

        /**
         * Properties of a KvDiffQuery.
         * @deprecated Use gdp.v1.KvDiffQuery.$Properties instead.
         */
        interface IKvDiffQuery extends gdp.v1.KvDiffQuery.$Properties {
        }

        /** Represents a KvDiffQuery. */
        class KvDiffQuery {

            /**
             * Constructs a new KvDiffQuery.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvDiffQuery.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvDiffQuery from. */
            from: (number);

            /** KvDiffQuery range. */
            range?: (gdp.v1.KvScan.$Properties|null);

            /**
             * Creates a new KvDiffQuery instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvDiffQuery instance
             */
            static create(properties: gdp.v1.KvDiffQuery.$Shape): gdp.v1.KvDiffQuery & gdp.v1.KvDiffQuery.$Shape;
            static create(properties?: gdp.v1.KvDiffQuery.$Properties): gdp.v1.KvDiffQuery;

            /**
             * Encodes the specified KvDiffQuery message. Does not implicitly {@link gdp.v1.KvDiffQuery.verify|verify} messages.
             * @param message KvDiffQuery message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvDiffQuery.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvDiffQuery message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvDiffQuery & gdp.v1.KvDiffQuery.$Shape} KvDiffQuery
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvDiffQuery & gdp.v1.KvDiffQuery.$Shape;

            /**
             * Gets the type url for KvDiffQuery
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvDiffQuery {

            /** Properties of a KvDiffQuery. */
            interface $Properties {

                /** KvDiffQuery from */
                from?: (number|null);

                /** KvDiffQuery range */
                range?: (gdp.v1.KvScan.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvDiffQuery. */
            type $Shape = gdp.v1.KvDiffQuery.$Properties;
        }

        /**
         * Properties of a KvReadResponse.
         * @deprecated Use gdp.v1.KvReadResponse.$Properties instead.
         */
        interface IKvReadResponse extends gdp.v1.KvReadResponse.$Properties {
        }

        /** Represents a KvReadResponse. */
        class KvReadResponse {

            /**
             * Constructs a new KvReadResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvReadResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvReadResponse version. */
            version: (number);

            /** KvReadResponse entries. */
            entries: gdp.v1.KvEntry.$Properties[];

            /** KvReadResponse count. */
            count: (number);

            /** KvReadResponse history. */
            history: gdp.v1.KvWrite.$Properties[];

            /** KvReadResponse diff. */
            diff: gdp.v1.KvDiffEntry.$Properties[];

            /** KvReadResponse blobSeqno. */
            blobSeqno: (number);

            /** KvReadResponse found. */
            found: boolean;

            /** KvReadResponse proof. */
            proof: Uint8Array;

            /** KvReadResponse more. */
            more: boolean;

            /** KvReadResponse proofMissing. */
            proofMissing: string;

            /**
             * Creates a new KvReadResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvReadResponse instance
             */
            static create(properties: gdp.v1.KvReadResponse.$Shape): gdp.v1.KvReadResponse & gdp.v1.KvReadResponse.$Shape;
            static create(properties?: gdp.v1.KvReadResponse.$Properties): gdp.v1.KvReadResponse;

            /**
             * Encodes the specified KvReadResponse message. Does not implicitly {@link gdp.v1.KvReadResponse.verify|verify} messages.
             * @param message KvReadResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvReadResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvReadResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvReadResponse & gdp.v1.KvReadResponse.$Shape} KvReadResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvReadResponse & gdp.v1.KvReadResponse.$Shape;

            /**
             * Gets the type url for KvReadResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvReadResponse {

            /** Properties of a KvReadResponse. */
            interface $Properties {

                /** KvReadResponse version */
                version?: (number|null);

                /** KvReadResponse entries */
                entries?: (gdp.v1.KvEntry.$Properties[]|null);

                /** KvReadResponse count */
                count?: (number|null);

                /** KvReadResponse history */
                history?: (gdp.v1.KvWrite.$Properties[]|null);

                /** KvReadResponse diff */
                diff?: (gdp.v1.KvDiffEntry.$Properties[]|null);

                /** KvReadResponse blobSeqno */
                blobSeqno?: (number|null);

                /** KvReadResponse found */
                found?: (boolean|null);

                /** KvReadResponse proof */
                proof?: (Uint8Array|null);

                /** KvReadResponse more */
                more?: (boolean|null);

                /** KvReadResponse proofMissing */
                proofMissing?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvReadResponse. */
            type $Shape = gdp.v1.KvReadResponse.$Properties;
        }

        /**
         * Properties of a KvEntry.
         * @deprecated Use gdp.v1.KvEntry.$Properties instead.
         */
        interface IKvEntry extends gdp.v1.KvEntry.$Properties {
        }

        /** Represents a KvEntry. */
        class KvEntry {

            /**
             * Constructs a new KvEntry.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvEntry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvEntry key. */
            key: Uint8Array;

            /** KvEntry value. */
            value: Uint8Array;

            /** KvEntry encryptionEpoch. */
            encryptionEpoch: number;

            /** KvEntry seqno. */
            seqno: (number);

            /** KvEntry timestampUs. */
            timestampUs: (number);

            /**
             * Creates a new KvEntry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvEntry instance
             */
            static create(properties: gdp.v1.KvEntry.$Shape): gdp.v1.KvEntry & gdp.v1.KvEntry.$Shape;
            static create(properties?: gdp.v1.KvEntry.$Properties): gdp.v1.KvEntry;

            /**
             * Encodes the specified KvEntry message. Does not implicitly {@link gdp.v1.KvEntry.verify|verify} messages.
             * @param message KvEntry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvEntry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvEntry & gdp.v1.KvEntry.$Shape} KvEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvEntry & gdp.v1.KvEntry.$Shape;

            /**
             * Gets the type url for KvEntry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvEntry {

            /** Properties of a KvEntry. */
            interface $Properties {

                /** KvEntry key */
                key?: (Uint8Array|null);

                /** KvEntry value */
                value?: (Uint8Array|null);

                /** KvEntry encryptionEpoch */
                encryptionEpoch?: (number|null);

                /** KvEntry seqno */
                seqno?: (number|null);

                /** KvEntry timestampUs */
                timestampUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvEntry. */
            type $Shape = gdp.v1.KvEntry.$Properties;
        }

        /**
         * Properties of a KvWrite.
         * @deprecated Use gdp.v1.KvWrite.$Properties instead.
         */
        interface IKvWrite extends gdp.v1.KvWrite.$Properties {
        }

        /** Represents a KvWrite. */
        class KvWrite {

            /**
             * Constructs a new KvWrite.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvWrite.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvWrite put. */
            put: boolean;

            /** KvWrite value. */
            value: Uint8Array;

            /** KvWrite encryptionEpoch. */
            encryptionEpoch: number;

            /** KvWrite seqno. */
            seqno: (number);

            /** KvWrite timestampUs. */
            timestampUs: (number);

            /**
             * Creates a new KvWrite instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvWrite instance
             */
            static create(properties: gdp.v1.KvWrite.$Shape): gdp.v1.KvWrite & gdp.v1.KvWrite.$Shape;
            static create(properties?: gdp.v1.KvWrite.$Properties): gdp.v1.KvWrite;

            /**
             * Encodes the specified KvWrite message. Does not implicitly {@link gdp.v1.KvWrite.verify|verify} messages.
             * @param message KvWrite message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvWrite.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvWrite message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvWrite & gdp.v1.KvWrite.$Shape} KvWrite
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvWrite & gdp.v1.KvWrite.$Shape;

            /**
             * Gets the type url for KvWrite
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvWrite {

            /** Properties of a KvWrite. */
            interface $Properties {

                /** KvWrite put */
                put?: (boolean|null);

                /** KvWrite value */
                value?: (Uint8Array|null);

                /** KvWrite encryptionEpoch */
                encryptionEpoch?: (number|null);

                /** KvWrite seqno */
                seqno?: (number|null);

                /** KvWrite timestampUs */
                timestampUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvWrite. */
            type $Shape = gdp.v1.KvWrite.$Properties;
        }

        /**
         * Properties of a KvDiffEntry.
         * @deprecated Use gdp.v1.KvDiffEntry.$Properties instead.
         */
        interface IKvDiffEntry extends gdp.v1.KvDiffEntry.$Properties {
        }

        /** Represents a KvDiffEntry. */
        class KvDiffEntry {

            /**
             * Constructs a new KvDiffEntry.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.KvDiffEntry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** KvDiffEntry key. */
            key: Uint8Array;

            /** KvDiffEntry before. */
            before?: (gdp.v1.KvEntry.$Properties|null);

            /** KvDiffEntry after. */
            after?: (gdp.v1.KvEntry.$Properties|null);

            /**
             * Creates a new KvDiffEntry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns KvDiffEntry instance
             */
            static create(properties: gdp.v1.KvDiffEntry.$Shape): gdp.v1.KvDiffEntry & gdp.v1.KvDiffEntry.$Shape;
            static create(properties?: gdp.v1.KvDiffEntry.$Properties): gdp.v1.KvDiffEntry;

            /**
             * Encodes the specified KvDiffEntry message. Does not implicitly {@link gdp.v1.KvDiffEntry.verify|verify} messages.
             * @param message KvDiffEntry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.KvDiffEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a KvDiffEntry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.KvDiffEntry & gdp.v1.KvDiffEntry.$Shape} KvDiffEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.KvDiffEntry & gdp.v1.KvDiffEntry.$Shape;

            /**
             * Gets the type url for KvDiffEntry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace KvDiffEntry {

            /** Properties of a KvDiffEntry. */
            interface $Properties {

                /** KvDiffEntry key */
                key?: (Uint8Array|null);

                /** KvDiffEntry before */
                before?: (gdp.v1.KvEntry.$Properties|null);

                /** KvDiffEntry after */
                after?: (gdp.v1.KvEntry.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a KvDiffEntry. */
            type $Shape = gdp.v1.KvDiffEntry.$Properties;
        }

        /**
         * Properties of a MigrationEntry.
         * @deprecated Use gdp.v1.MigrationEntry.$Properties instead.
         */
        interface IMigrationEntry extends gdp.v1.MigrationEntry.$Properties {
        }

        /** Represents a MigrationEntry. */
        class MigrationEntry {

            /**
             * Constructs a new MigrationEntry.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrationEntry.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrationEntry round. */
            round?: (gdp.v1.MigrationRound.$Properties|null);

            /** MigrationEntry chunk. */
            chunk?: (gdp.v1.MigrationChunk.$Properties|null);

            /** MigrationEntry commit. */
            commit?: (gdp.v1.MigrationCommit.$Properties|null);

            /** MigrationEntry entry. */
            entry?: ("round"|"chunk"|"commit");

            /**
             * Creates a new MigrationEntry instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrationEntry instance
             */
            static create(properties: gdp.v1.MigrationEntry.$Shape): gdp.v1.MigrationEntry & gdp.v1.MigrationEntry.$Shape;
            static create(properties?: gdp.v1.MigrationEntry.$Properties): gdp.v1.MigrationEntry;

            /**
             * Encodes the specified MigrationEntry message. Does not implicitly {@link gdp.v1.MigrationEntry.verify|verify} messages.
             * @param message MigrationEntry message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrationEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrationEntry message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationEntry & gdp.v1.MigrationEntry.$Shape} MigrationEntry
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrationEntry & gdp.v1.MigrationEntry.$Shape;

            /**
             * Gets the type url for MigrationEntry
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrationEntry {

            /** Properties of a MigrationEntry. */
            interface $Properties {

                /** MigrationEntry round */
                round?: (gdp.v1.MigrationRound.$Properties|null);

                /** MigrationEntry chunk */
                chunk?: (gdp.v1.MigrationChunk.$Properties|null);

                /** MigrationEntry commit */
                commit?: (gdp.v1.MigrationCommit.$Properties|null);

                /** MigrationEntry entry */
                entry?: ("round"|"chunk"|"commit");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a MigrationEntry. */
            type $Shape = {
              round?: gdp.v1.MigrationRound.$Shape|null;
              chunk?: gdp.v1.MigrationChunk.$Shape|null;
              commit?: gdp.v1.MigrationCommit.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ entry?: undefined; round?: null; chunk?: null; commit?: null }|{ entry?: "round"; round: gdp.v1.MigrationRound.$Shape; chunk?: null; commit?: null }|{ entry?: "chunk"; round?: null; chunk: gdp.v1.MigrationChunk.$Shape; commit?: null }|{ entry?: "commit"; round?: null; chunk?: null; commit: gdp.v1.MigrationCommit.$Shape })
            );
        }

        /**
         * Properties of a MigrationRound.
         * @deprecated Use gdp.v1.MigrationRound.$Properties instead.
         */
        interface IMigrationRound extends gdp.v1.MigrationRound.$Properties {
        }

        /** Represents a MigrationRound. */
        class MigrationRound {

            /**
             * Constructs a new MigrationRound.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrationRound.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrationRound round. */
            round: number;

            /** MigrationRound final. */
            final: boolean;

            /** MigrationRound images. */
            images: gdp.v1.MigrationImage.$Properties[];

            /** MigrationRound bases. */
            bases: Uint8Array[];

            /**
             * Creates a new MigrationRound instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrationRound instance
             */
            static create(properties: gdp.v1.MigrationRound.$Shape): gdp.v1.MigrationRound & gdp.v1.MigrationRound.$Shape;
            static create(properties?: gdp.v1.MigrationRound.$Properties): gdp.v1.MigrationRound;

            /**
             * Encodes the specified MigrationRound message. Does not implicitly {@link gdp.v1.MigrationRound.verify|verify} messages.
             * @param message MigrationRound message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrationRound.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrationRound message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationRound & gdp.v1.MigrationRound.$Shape} MigrationRound
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrationRound & gdp.v1.MigrationRound.$Shape;

            /**
             * Gets the type url for MigrationRound
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrationRound {

            /** Properties of a MigrationRound. */
            interface $Properties {

                /** MigrationRound round */
                round?: (number|null);

                /** MigrationRound final */
                final?: (boolean|null);

                /** MigrationRound images */
                images?: (gdp.v1.MigrationImage.$Properties[]|null);

                /** MigrationRound bases */
                bases?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrationRound. */
            type $Shape = gdp.v1.MigrationRound.$Properties;
        }

        /**
         * Properties of a MigrationImage.
         * @deprecated Use gdp.v1.MigrationImage.$Properties instead.
         */
        interface IMigrationImage extends gdp.v1.MigrationImage.$Properties {
        }

        /** Represents a MigrationImage. */
        class MigrationImage {

            /**
             * Constructs a new MigrationImage.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrationImage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrationImage name. */
            name: string;

            /** MigrationImage size. */
            size: (number);

            /** MigrationImage seed. */
            seed: number;

            /**
             * Creates a new MigrationImage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrationImage instance
             */
            static create(properties: gdp.v1.MigrationImage.$Shape): gdp.v1.MigrationImage & gdp.v1.MigrationImage.$Shape;
            static create(properties?: gdp.v1.MigrationImage.$Properties): gdp.v1.MigrationImage;

            /**
             * Encodes the specified MigrationImage message. Does not implicitly {@link gdp.v1.MigrationImage.verify|verify} messages.
             * @param message MigrationImage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrationImage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrationImage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationImage & gdp.v1.MigrationImage.$Shape} MigrationImage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrationImage & gdp.v1.MigrationImage.$Shape;

            /**
             * Gets the type url for MigrationImage
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrationImage {

            /** Properties of a MigrationImage. */
            interface $Properties {

                /** MigrationImage name */
                name?: (string|null);

                /** MigrationImage size */
                size?: (number|null);

                /** MigrationImage seed */
                seed?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrationImage. */
            type $Shape = gdp.v1.MigrationImage.$Properties;
        }

        /** MigrationCodec enum. */
        enum MigrationCodec {

            /** MIGRATION_CODEC_RAW value */
            MIGRATION_CODEC_RAW = 0,

            /** MIGRATION_CODEC_ZSTD value */
            MIGRATION_CODEC_ZSTD = 1,

            /** MIGRATION_CODEC_GZIP value */
            MIGRATION_CODEC_GZIP = 2
        }

        /**
         * Properties of a MigrationChunk.
         * @deprecated Use gdp.v1.MigrationChunk.$Properties instead.
         */
        interface IMigrationChunk extends gdp.v1.MigrationChunk.$Properties {
        }

        /** Represents a MigrationChunk. */
        class MigrationChunk {

            /**
             * Constructs a new MigrationChunk.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrationChunk.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrationChunk codec. */
            codec: gdp.v1.MigrationCodec;

            /** MigrationChunk level. */
            level: number;

            /** MigrationChunk rawLength. */
            rawLength: number;

            /** MigrationChunk body. */
            body: Uint8Array;

            /**
             * Creates a new MigrationChunk instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrationChunk instance
             */
            static create(properties: gdp.v1.MigrationChunk.$Shape): gdp.v1.MigrationChunk & gdp.v1.MigrationChunk.$Shape;
            static create(properties?: gdp.v1.MigrationChunk.$Properties): gdp.v1.MigrationChunk;

            /**
             * Encodes the specified MigrationChunk message. Does not implicitly {@link gdp.v1.MigrationChunk.verify|verify} messages.
             * @param message MigrationChunk message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrationChunk.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrationChunk message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationChunk & gdp.v1.MigrationChunk.$Shape} MigrationChunk
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrationChunk & gdp.v1.MigrationChunk.$Shape;

            /**
             * Gets the type url for MigrationChunk
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrationChunk {

            /** Properties of a MigrationChunk. */
            interface $Properties {

                /** MigrationChunk codec */
                codec?: (gdp.v1.MigrationCodec|null);

                /** MigrationChunk level */
                level?: (number|null);

                /** MigrationChunk rawLength */
                rawLength?: (number|null);

                /** MigrationChunk body */
                body?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrationChunk. */
            type $Shape = gdp.v1.MigrationChunk.$Properties;
        }

        /**
         * Properties of a MigrationBatch.
         * @deprecated Use gdp.v1.MigrationBatch.$Properties instead.
         */
        interface IMigrationBatch extends gdp.v1.MigrationBatch.$Properties {
        }

        /** Represents a MigrationBatch. */
        class MigrationBatch {

            /**
             * Constructs a new MigrationBatch.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrationBatch.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrationBatch image. */
            image: number;

            /** MigrationBatch firstBlock. */
            firstBlock: (number);

            /** MigrationBatch gaps. */
            gaps: (number)[];

            /** MigrationBatch kinds. */
            kinds: gdp.v1.MigrationBlockKind[];

            /** MigrationBatch sources. */
            sources: number[];

            /** MigrationBatch sourceBlocks. */
            sourceBlocks: (number)[];

            /** MigrationBatch data. */
            data: Uint8Array;

            /**
             * Creates a new MigrationBatch instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrationBatch instance
             */
            static create(properties: gdp.v1.MigrationBatch.$Shape): gdp.v1.MigrationBatch & gdp.v1.MigrationBatch.$Shape;
            static create(properties?: gdp.v1.MigrationBatch.$Properties): gdp.v1.MigrationBatch;

            /**
             * Encodes the specified MigrationBatch message. Does not implicitly {@link gdp.v1.MigrationBatch.verify|verify} messages.
             * @param message MigrationBatch message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrationBatch.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrationBatch message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationBatch & gdp.v1.MigrationBatch.$Shape} MigrationBatch
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrationBatch & gdp.v1.MigrationBatch.$Shape;

            /**
             * Gets the type url for MigrationBatch
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrationBatch {

            /** Properties of a MigrationBatch. */
            interface $Properties {

                /** MigrationBatch image */
                image?: (number|null);

                /** MigrationBatch firstBlock */
                firstBlock?: (number|null);

                /** MigrationBatch gaps */
                gaps?: ((number)[]|null);

                /** MigrationBatch kinds */
                kinds?: (gdp.v1.MigrationBlockKind[]|null);

                /** MigrationBatch sources */
                sources?: (number[]|null);

                /** MigrationBatch sourceBlocks */
                sourceBlocks?: ((number)[]|null);

                /** MigrationBatch data */
                data?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrationBatch. */
            type $Shape = gdp.v1.MigrationBatch.$Properties;
        }

        /** MigrationBlockKind enum. */
        enum MigrationBlockKind {

            /** MIGRATION_BLOCK_LITERAL value */
            MIGRATION_BLOCK_LITERAL = 0,

            /** MIGRATION_BLOCK_ZERO value */
            MIGRATION_BLOCK_ZERO = 1,

            /** MIGRATION_BLOCK_BASE value */
            MIGRATION_BLOCK_BASE = 2,

            /** MIGRATION_BLOCK_COPY value */
            MIGRATION_BLOCK_COPY = 3,

            /** MIGRATION_BLOCK_XOR_BASE value */
            MIGRATION_BLOCK_XOR_BASE = 4
        }

        /**
         * Properties of a MigrationCommit.
         * @deprecated Use gdp.v1.MigrationCommit.$Properties instead.
         */
        interface IMigrationCommit extends gdp.v1.MigrationCommit.$Properties {
        }

        /** Represents a MigrationCommit. */
        class MigrationCommit {

            /**
             * Constructs a new MigrationCommit.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrationCommit.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrationCommit blockDigests. */
            blockDigests: Uint8Array[];

            /**
             * Creates a new MigrationCommit instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrationCommit instance
             */
            static create(properties: gdp.v1.MigrationCommit.$Shape): gdp.v1.MigrationCommit & gdp.v1.MigrationCommit.$Shape;
            static create(properties?: gdp.v1.MigrationCommit.$Properties): gdp.v1.MigrationCommit;

            /**
             * Encodes the specified MigrationCommit message. Does not implicitly {@link gdp.v1.MigrationCommit.verify|verify} messages.
             * @param message MigrationCommit message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrationCommit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrationCommit message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrationCommit & gdp.v1.MigrationCommit.$Shape} MigrationCommit
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrationCommit & gdp.v1.MigrationCommit.$Shape;

            /**
             * Gets the type url for MigrationCommit
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrationCommit {

            /** Properties of a MigrationCommit. */
            interface $Properties {

                /** MigrationCommit blockDigests */
                blockDigests?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrationCommit. */
            type $Shape = gdp.v1.MigrationCommit.$Properties;
        }

        /**
         * Properties of a MigrateFrame.
         * @deprecated Use gdp.v1.MigrateFrame.$Properties instead.
         */
        interface IMigrateFrame extends gdp.v1.MigrateFrame.$Properties {
        }

        /** Represents a MigrateFrame. */
        class MigrateFrame {

            /**
             * Constructs a new MigrateFrame.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrateFrame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrateFrame hello. */
            hello?: (gdp.v1.MigrateHello.$Properties|null);

            /** MigrateFrame welcome. */
            welcome?: (gdp.v1.MigrateWelcome.$Properties|null);

            /** MigrateFrame append. */
            append?: (gdp.v1.MigrateAppend.$Properties|null);

            /** MigrateFrame ack. */
            ack?: (gdp.v1.MigrateAck.$Properties|null);

            /** MigrateFrame error. */
            error?: (gdp.v1.MigrateError.$Properties|null);

            /** MigrateFrame frame. */
            frame?: ("hello"|"welcome"|"append"|"ack"|"error");

            /**
             * Creates a new MigrateFrame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrateFrame instance
             */
            static create(properties: gdp.v1.MigrateFrame.$Shape): gdp.v1.MigrateFrame & gdp.v1.MigrateFrame.$Shape;
            static create(properties?: gdp.v1.MigrateFrame.$Properties): gdp.v1.MigrateFrame;

            /**
             * Encodes the specified MigrateFrame message. Does not implicitly {@link gdp.v1.MigrateFrame.verify|verify} messages.
             * @param message MigrateFrame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrateFrame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrateFrame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateFrame & gdp.v1.MigrateFrame.$Shape} MigrateFrame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrateFrame & gdp.v1.MigrateFrame.$Shape;

            /**
             * Gets the type url for MigrateFrame
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrateFrame {

            /** Properties of a MigrateFrame. */
            interface $Properties {

                /** MigrateFrame hello */
                hello?: (gdp.v1.MigrateHello.$Properties|null);

                /** MigrateFrame welcome */
                welcome?: (gdp.v1.MigrateWelcome.$Properties|null);

                /** MigrateFrame append */
                append?: (gdp.v1.MigrateAppend.$Properties|null);

                /** MigrateFrame ack */
                ack?: (gdp.v1.MigrateAck.$Properties|null);

                /** MigrateFrame error */
                error?: (gdp.v1.MigrateError.$Properties|null);

                /** MigrateFrame frame */
                frame?: ("hello"|"welcome"|"append"|"ack"|"error");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a MigrateFrame. */
            type $Shape = {
              hello?: gdp.v1.MigrateHello.$Shape|null;
              welcome?: gdp.v1.MigrateWelcome.$Shape|null;
              append?: gdp.v1.MigrateAppend.$Shape|null;
              ack?: gdp.v1.MigrateAck.$Shape|null;
              error?: gdp.v1.MigrateError.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ frame?: undefined; hello?: null; welcome?: null; append?: null; ack?: null; error?: null }|{ frame?: "hello"; hello: gdp.v1.MigrateHello.$Shape; welcome?: null; append?: null; ack?: null; error?: null }|{ frame?: "welcome"; hello?: null; welcome: gdp.v1.MigrateWelcome.$Shape; append?: null; ack?: null; error?: null }|{ frame?: "append"; hello?: null; welcome?: null; append: gdp.v1.MigrateAppend.$Shape; ack?: null; error?: null }|{ frame?: "ack"; hello?: null; welcome?: null; append?: null; ack: gdp.v1.MigrateAck.$Shape; error?: null }|{ frame?: "error"; hello?: null; welcome?: null; append?: null; ack?: null; error: gdp.v1.MigrateError.$Shape })
            );
        }

        /**
         * Properties of a MigrateHello.
         * @deprecated Use gdp.v1.MigrateHello.$Properties instead.
         */
        interface IMigrateHello extends gdp.v1.MigrateHello.$Properties {
        }

        /** Represents a MigrateHello. */
        class MigrateHello {

            /**
             * Constructs a new MigrateHello.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrateHello.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrateHello metadata. */
            metadata?: (gdp.v1.SignedMetadata.$Properties|null);

            /**
             * Creates a new MigrateHello instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrateHello instance
             */
            static create(properties: gdp.v1.MigrateHello.$Shape): gdp.v1.MigrateHello & gdp.v1.MigrateHello.$Shape;
            static create(properties?: gdp.v1.MigrateHello.$Properties): gdp.v1.MigrateHello;

            /**
             * Encodes the specified MigrateHello message. Does not implicitly {@link gdp.v1.MigrateHello.verify|verify} messages.
             * @param message MigrateHello message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrateHello.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrateHello message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateHello & gdp.v1.MigrateHello.$Shape} MigrateHello
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrateHello & gdp.v1.MigrateHello.$Shape;

            /**
             * Gets the type url for MigrateHello
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrateHello {

            /** Properties of a MigrateHello. */
            interface $Properties {

                /** MigrateHello metadata */
                metadata?: (gdp.v1.SignedMetadata.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrateHello. */
            type $Shape = gdp.v1.MigrateHello.$Properties;
        }

        /**
         * Properties of a MigrateWelcome.
         * @deprecated Use gdp.v1.MigrateWelcome.$Properties instead.
         */
        interface IMigrateWelcome extends gdp.v1.MigrateWelcome.$Properties {
        }

        /** Represents a MigrateWelcome. */
        class MigrateWelcome {

            /**
             * Constructs a new MigrateWelcome.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrateWelcome.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrateWelcome applied. */
            applied: (number);

            /** MigrateWelcome bases. */
            bases: Uint8Array[];

            /**
             * Creates a new MigrateWelcome instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrateWelcome instance
             */
            static create(properties: gdp.v1.MigrateWelcome.$Shape): gdp.v1.MigrateWelcome & gdp.v1.MigrateWelcome.$Shape;
            static create(properties?: gdp.v1.MigrateWelcome.$Properties): gdp.v1.MigrateWelcome;

            /**
             * Encodes the specified MigrateWelcome message. Does not implicitly {@link gdp.v1.MigrateWelcome.verify|verify} messages.
             * @param message MigrateWelcome message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrateWelcome.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrateWelcome message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateWelcome & gdp.v1.MigrateWelcome.$Shape} MigrateWelcome
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrateWelcome & gdp.v1.MigrateWelcome.$Shape;

            /**
             * Gets the type url for MigrateWelcome
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrateWelcome {

            /** Properties of a MigrateWelcome. */
            interface $Properties {

                /** MigrateWelcome applied */
                applied?: (number|null);

                /** MigrateWelcome bases */
                bases?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrateWelcome. */
            type $Shape = gdp.v1.MigrateWelcome.$Properties;
        }

        /**
         * Properties of a MigrateAppend.
         * @deprecated Use gdp.v1.MigrateAppend.$Properties instead.
         */
        interface IMigrateAppend extends gdp.v1.MigrateAppend.$Properties {
        }

        /** Represents a MigrateAppend. */
        class MigrateAppend {

            /**
             * Constructs a new MigrateAppend.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrateAppend.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrateAppend records. */
            records: gdp.v1.Record.$Properties[];

            /** MigrateAppend heartbeat. */
            heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /**
             * Creates a new MigrateAppend instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrateAppend instance
             */
            static create(properties: gdp.v1.MigrateAppend.$Shape): gdp.v1.MigrateAppend & gdp.v1.MigrateAppend.$Shape;
            static create(properties?: gdp.v1.MigrateAppend.$Properties): gdp.v1.MigrateAppend;

            /**
             * Encodes the specified MigrateAppend message. Does not implicitly {@link gdp.v1.MigrateAppend.verify|verify} messages.
             * @param message MigrateAppend message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrateAppend.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrateAppend message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateAppend & gdp.v1.MigrateAppend.$Shape} MigrateAppend
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrateAppend & gdp.v1.MigrateAppend.$Shape;

            /**
             * Gets the type url for MigrateAppend
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrateAppend {

            /** Properties of a MigrateAppend. */
            interface $Properties {

                /** MigrateAppend records */
                records?: (gdp.v1.Record.$Properties[]|null);

                /** MigrateAppend heartbeat */
                heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrateAppend. */
            type $Shape = gdp.v1.MigrateAppend.$Properties;
        }

        /**
         * Properties of a MigrateAck.
         * @deprecated Use gdp.v1.MigrateAck.$Properties instead.
         */
        interface IMigrateAck extends gdp.v1.MigrateAck.$Properties {
        }

        /** Represents a MigrateAck. */
        class MigrateAck {

            /**
             * Constructs a new MigrateAck.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrateAck.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrateAck applied. */
            applied: (number);

            /** MigrateAck complete. */
            complete: boolean;

            /** MigrateAck folder. */
            folder: string;

            /**
             * Creates a new MigrateAck instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrateAck instance
             */
            static create(properties: gdp.v1.MigrateAck.$Shape): gdp.v1.MigrateAck & gdp.v1.MigrateAck.$Shape;
            static create(properties?: gdp.v1.MigrateAck.$Properties): gdp.v1.MigrateAck;

            /**
             * Encodes the specified MigrateAck message. Does not implicitly {@link gdp.v1.MigrateAck.verify|verify} messages.
             * @param message MigrateAck message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrateAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrateAck message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateAck & gdp.v1.MigrateAck.$Shape} MigrateAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrateAck & gdp.v1.MigrateAck.$Shape;

            /**
             * Gets the type url for MigrateAck
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrateAck {

            /** Properties of a MigrateAck. */
            interface $Properties {

                /** MigrateAck applied */
                applied?: (number|null);

                /** MigrateAck complete */
                complete?: (boolean|null);

                /** MigrateAck folder */
                folder?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrateAck. */
            type $Shape = gdp.v1.MigrateAck.$Properties;
        }

        /**
         * Properties of a MigrateError.
         * @deprecated Use gdp.v1.MigrateError.$Properties instead.
         */
        interface IMigrateError extends gdp.v1.MigrateError.$Properties {
        }

        /** Represents a MigrateError. */
        class MigrateError {

            /**
             * Constructs a new MigrateError.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.MigrateError.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** MigrateError code. */
            code: string;

            /** MigrateError message. */
            message: string;

            /**
             * Creates a new MigrateError instance using the specified properties.
             * @param [properties] Properties to set
             * @returns MigrateError instance
             */
            static create(properties: gdp.v1.MigrateError.$Shape): gdp.v1.MigrateError & gdp.v1.MigrateError.$Shape;
            static create(properties?: gdp.v1.MigrateError.$Properties): gdp.v1.MigrateError;

            /**
             * Encodes the specified MigrateError message. Does not implicitly {@link gdp.v1.MigrateError.verify|verify} messages.
             * @param message MigrateError message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.MigrateError.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a MigrateError message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.MigrateError & gdp.v1.MigrateError.$Shape} MigrateError
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.MigrateError & gdp.v1.MigrateError.$Shape;

            /**
             * Gets the type url for MigrateError
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace MigrateError {

            /** Properties of a MigrateError. */
            interface $Properties {

                /** MigrateError code */
                code?: (string|null);

                /** MigrateError message */
                message?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a MigrateError. */
            type $Shape = gdp.v1.MigrateError.$Properties;
        }

        /**
         * Properties of a Pdu.
         * @deprecated Use gdp.v1.Pdu.$Properties instead.
         */
        interface IPdu extends gdp.v1.Pdu.$Properties {
        }

        /** Represents a Pdu. */
        class Pdu {

            /**
             * Constructs a new Pdu.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Pdu.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Pdu version. */
            version: number;

            /** Pdu destination. */
            destination: Uint8Array;

            /** Pdu source. */
            source: Uint8Array;

            /** Pdu ttl. */
            ttl: number;

            /** Pdu nonce. */
            nonce: Uint8Array;

            /** Pdu request. */
            request?: (gdp.v1.Request.$Properties|null);

            /** Pdu response. */
            response?: (gdp.v1.Response.$Properties|null);

            /** Pdu nack. */
            nack?: (gdp.v1.Nack.$Properties|null);

            /** Pdu advertisement. */
            advertisement?: (gdp.v1.SignedAdvertisement.$Properties|null);

            /** Pdu announcement. */
            announcement?: (gdp.v1.SignedRouteAnnouncement.$Properties|null);

            /** Pdu resync. */
            resync?: (gdp.v1.AdvertisementResync.$Properties|null);

            /** Pdu moved. */
            moved?: (gdp.v1.NodeMoved.$Properties|null);

            /** Pdu graft. */
            graft?: (gdp.v1.Graft.$Properties|null);

            /** Pdu snapshotAck. */
            snapshotAck?: (gdp.v1.SnapshotAck.$Properties|null);

            /** Pdu body. */
            body?: ("request"|"response"|"nack"|"advertisement"|"announcement"|"resync"|"moved"|"graft"|"snapshotAck");

            /**
             * Creates a new Pdu instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Pdu instance
             */
            static create(properties: gdp.v1.Pdu.$Shape): gdp.v1.Pdu & gdp.v1.Pdu.$Shape;
            static create(properties?: gdp.v1.Pdu.$Properties): gdp.v1.Pdu;

            /**
             * Encodes the specified Pdu message. Does not implicitly {@link gdp.v1.Pdu.verify|verify} messages.
             * @param message Pdu message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Pdu.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Pdu message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Pdu & gdp.v1.Pdu.$Shape} Pdu
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Pdu & gdp.v1.Pdu.$Shape;

            /**
             * Gets the type url for Pdu
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Pdu {

            /** Properties of a Pdu. */
            interface $Properties {

                /** Pdu version */
                version?: (number|null);

                /** Pdu destination */
                destination?: (Uint8Array|null);

                /** Pdu source */
                source?: (Uint8Array|null);

                /** Pdu ttl */
                ttl?: (number|null);

                /** Pdu nonce */
                nonce?: (Uint8Array|null);

                /** Pdu request */
                request?: (gdp.v1.Request.$Properties|null);

                /** Pdu response */
                response?: (gdp.v1.Response.$Properties|null);

                /** Pdu nack */
                nack?: (gdp.v1.Nack.$Properties|null);

                /** Pdu advertisement */
                advertisement?: (gdp.v1.SignedAdvertisement.$Properties|null);

                /** Pdu announcement */
                announcement?: (gdp.v1.SignedRouteAnnouncement.$Properties|null);

                /** Pdu resync */
                resync?: (gdp.v1.AdvertisementResync.$Properties|null);

                /** Pdu moved */
                moved?: (gdp.v1.NodeMoved.$Properties|null);

                /** Pdu graft */
                graft?: (gdp.v1.Graft.$Properties|null);

                /** Pdu snapshotAck */
                snapshotAck?: (gdp.v1.SnapshotAck.$Properties|null);

                /** Pdu body */
                body?: ("request"|"response"|"nack"|"advertisement"|"announcement"|"resync"|"moved"|"graft"|"snapshotAck");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a Pdu. */
            type $Shape = {
              version?: number|null;
              destination?: Uint8Array|null;
              source?: Uint8Array|null;
              ttl?: number|null;
              nonce?: Uint8Array|null;
              request?: gdp.v1.Request.$Shape|null;
              response?: gdp.v1.Response.$Shape|null;
              nack?: gdp.v1.Nack.$Shape|null;
              advertisement?: gdp.v1.SignedAdvertisement.$Shape|null;
              announcement?: gdp.v1.SignedRouteAnnouncement.$Shape|null;
              resync?: gdp.v1.AdvertisementResync.$Shape|null;
              moved?: gdp.v1.NodeMoved.$Shape|null;
              graft?: gdp.v1.Graft.$Shape|null;
              snapshotAck?: gdp.v1.SnapshotAck.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; request?: null; response?: null; nack?: null; advertisement?: null; announcement?: null; resync?: null; moved?: null; graft?: null; snapshotAck?: null }|{ body?: "request"; request: gdp.v1.Request.$Shape; response?: null; nack?: null; advertisement?: null; announcement?: null; resync?: null; moved?: null; graft?: null; snapshotAck?: null }|{ body?: "response"; request?: null; response: gdp.v1.Response.$Shape; nack?: null; advertisement?: null; announcement?: null; resync?: null; moved?: null; graft?: null; snapshotAck?: null }|{ body?: "nack"; request?: null; response?: null; nack: gdp.v1.Nack.$Shape; advertisement?: null; announcement?: null; resync?: null; moved?: null; graft?: null; snapshotAck?: null }|{ body?: "advertisement"; request?: null; response?: null; nack?: null; advertisement: gdp.v1.SignedAdvertisement.$Shape; announcement?: null; resync?: null; moved?: null; graft?: null; snapshotAck?: null }|{ body?: "announcement"; request?: null; response?: null; nack?: null; advertisement?: null; announcement: gdp.v1.SignedRouteAnnouncement.$Shape; resync?: null; moved?: null; graft?: null; snapshotAck?: null }|{ body?: "resync"; request?: null; response?: null; nack?: null; advertisement?: null; announcement?: null; resync: gdp.v1.AdvertisementResync.$Shape; moved?: null; graft?: null; snapshotAck?: null }|{ body?: "moved"; request?: null; response?: null; nack?: null; advertisement?: null; announcement?: null; resync?: null; moved: gdp.v1.NodeMoved.$Shape; graft?: null; snapshotAck?: null }|{ body?: "graft"; request?: null; response?: null; nack?: null; advertisement?: null; announcement?: null; resync?: null; moved?: null; graft: gdp.v1.Graft.$Shape; snapshotAck?: null }|{ body?: "snapshotAck"; request?: null; response?: null; nack?: null; advertisement?: null; announcement?: null; resync?: null; moved?: null; graft?: null; snapshotAck: gdp.v1.SnapshotAck.$Shape })
            );
        }

        /**
         * Properties of a Graft.
         * @deprecated Use gdp.v1.Graft.$Properties instead.
         */
        interface IGraft extends gdp.v1.Graft.$Properties {
        }

        /** Represents a Graft. */
        class Graft {

            /**
             * Constructs a new Graft.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Graft.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Graft addresses. */
            addresses: string[];

            /** Graft done. */
            done: boolean;

            /** Graft error. */
            error: string;

            /**
             * Creates a new Graft instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Graft instance
             */
            static create(properties: gdp.v1.Graft.$Shape): gdp.v1.Graft & gdp.v1.Graft.$Shape;
            static create(properties?: gdp.v1.Graft.$Properties): gdp.v1.Graft;

            /**
             * Encodes the specified Graft message. Does not implicitly {@link gdp.v1.Graft.verify|verify} messages.
             * @param message Graft message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Graft.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Graft message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Graft & gdp.v1.Graft.$Shape} Graft
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Graft & gdp.v1.Graft.$Shape;

            /**
             * Gets the type url for Graft
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Graft {

            /** Properties of a Graft. */
            interface $Properties {

                /** Graft addresses */
                addresses?: (string[]|null);

                /** Graft done */
                done?: (boolean|null);

                /** Graft error */
                error?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Graft. */
            type $Shape = gdp.v1.Graft.$Properties;
        }

        /**
         * Properties of a NodeMoved.
         * @deprecated Use gdp.v1.NodeMoved.$Properties instead.
         */
        interface INodeMoved extends gdp.v1.NodeMoved.$Properties {
        }

        /** Represents a NodeMoved. */
        class NodeMoved {

            /**
             * Constructs a new NodeMoved.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.NodeMoved.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** NodeMoved addresses. */
            addresses: string[];

            /** NodeMoved relinked. */
            relinked: boolean;

            /**
             * Creates a new NodeMoved instance using the specified properties.
             * @param [properties] Properties to set
             * @returns NodeMoved instance
             */
            static create(properties: gdp.v1.NodeMoved.$Shape): gdp.v1.NodeMoved & gdp.v1.NodeMoved.$Shape;
            static create(properties?: gdp.v1.NodeMoved.$Properties): gdp.v1.NodeMoved;

            /**
             * Encodes the specified NodeMoved message. Does not implicitly {@link gdp.v1.NodeMoved.verify|verify} messages.
             * @param message NodeMoved message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.NodeMoved.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a NodeMoved message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.NodeMoved & gdp.v1.NodeMoved.$Shape} NodeMoved
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.NodeMoved & gdp.v1.NodeMoved.$Shape;

            /**
             * Gets the type url for NodeMoved
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace NodeMoved {

            /** Properties of a NodeMoved. */
            interface $Properties {

                /** NodeMoved addresses */
                addresses?: (string[]|null);

                /** NodeMoved relinked */
                relinked?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a NodeMoved. */
            type $Shape = gdp.v1.NodeMoved.$Properties;
        }

        /** NackReason enum. */
        enum NackReason {

            /** NACK_REASON_UNSPECIFIED value */
            NACK_REASON_UNSPECIFIED = 0,

            /** NO_ROUTE value */
            NO_ROUTE = 1,

            /** EXPIRED value */
            EXPIRED = 2,

            /** UNAUTHORIZED value */
            UNAUTHORIZED = 3,

            /** CONGESTION value */
            CONGESTION = 4,

            /** TOO_LARGE value */
            TOO_LARGE = 5,

            /** LOOP value */
            LOOP = 6,

            /** MALFORMED value */
            MALFORMED = 7,

            /** UNSUPPORTED_VERSION value */
            UNSUPPORTED_VERSION = 8,

            /** NOT_FOUND value */
            NOT_FOUND = 9,

            /** CONFLICT value */
            CONFLICT = 10,

            /** SERVER_ERROR value */
            SERVER_ERROR = 11,

            /** QUOTA_EXCEEDED value */
            QUOTA_EXCEEDED = 12,

            /** QUORUM_NOT_REACHED value */
            QUORUM_NOT_REACHED = 13,

            /** MOVED value */
            MOVED = 14,

            /** FAILED_PRECONDITION value */
            FAILED_PRECONDITION = 15,

            /** STORE_FULL value */
            STORE_FULL = 16,

            /** STOPPED value */
            STOPPED = 17,

            /** REPLICAS_UNREACHABLE value */
            REPLICAS_UNREACHABLE = 18
        }

        /**
         * Properties of a Nack.
         * @deprecated Use gdp.v1.Nack.$Properties instead.
         */
        interface INack extends gdp.v1.Nack.$Properties {
        }

        /** Represents a Nack. */
        class Nack {

            /**
             * Constructs a new Nack.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Nack.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Nack reason. */
            reason: gdp.v1.NackReason;

            /** Nack detail. */
            detail: string;

            /** Nack deletion. */
            deletion?: (gdp.v1.SignedCapsuleDeletion.$Properties|null);

            /** Nack movedTo. */
            movedTo: Uint8Array;

            /** Nack retryAfterMs. */
            retryAfterMs: number;

            /** Nack maybeDelivered. */
            maybeDelivered: boolean;

            /**
             * Creates a new Nack instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Nack instance
             */
            static create(properties: gdp.v1.Nack.$Shape): gdp.v1.Nack & gdp.v1.Nack.$Shape;
            static create(properties?: gdp.v1.Nack.$Properties): gdp.v1.Nack;

            /**
             * Encodes the specified Nack message. Does not implicitly {@link gdp.v1.Nack.verify|verify} messages.
             * @param message Nack message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Nack.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Nack message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Nack & gdp.v1.Nack.$Shape} Nack
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Nack & gdp.v1.Nack.$Shape;

            /**
             * Gets the type url for Nack
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Nack {

            /** Properties of a Nack. */
            interface $Properties {

                /** Nack reason */
                reason?: (gdp.v1.NackReason|null);

                /** Nack detail */
                detail?: (string|null);

                /** Nack deletion */
                deletion?: (gdp.v1.SignedCapsuleDeletion.$Properties|null);

                /** Nack movedTo */
                movedTo?: (Uint8Array|null);

                /** Nack retryAfterMs */
                retryAfterMs?: (number|null);

                /** Nack maybeDelivered */
                maybeDelivered?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Nack. */
            type $Shape = gdp.v1.Nack.$Properties;
        }

        /**
         * Properties of a Request.
         * @deprecated Use gdp.v1.Request.$Properties instead.
         */
        interface IRequest extends gdp.v1.Request.$Properties {
        }

        /** Represents a Request. */
        class Request {

            /**
             * Constructs a new Request.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Request.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Request create. */
            create?: (gdp.v1.CreateRequest.$Properties|null);

            /** Request append. */
            append?: (gdp.v1.AppendRequest.$Properties|null);

            /** Request read. */
            read?: (gdp.v1.ReadRequest.$Properties|null);

            /** Request subscribe. */
            subscribe?: (gdp.v1.SubscribeRequest.$Properties|null);

            /** Request info. */
            info?: (gdp.v1.InfoRequest.$Properties|null);

            /** Request unsubscribe. */
            unsubscribe?: (gdp.v1.UnsubscribeRequest.$Properties|null);

            /** Request list. */
            list?: (gdp.v1.ListRequest.$Properties|null);

            /** Request delete. */
            delete?: (gdp.v1.DeleteRequest.$Properties|null);

            /** Request proposeServers. */
            proposeServers?: (gdp.v1.ProposeServersRequest.$Properties|null);

            /** Request kvRead. */
            kvRead?: (gdp.v1.KvReadRequest.$Properties|null);

            /** Request handOff. */
            handOff?: (gdp.v1.HandOffRequest.$Properties|null);

            /** Request capsule. */
            capsule: Uint8Array;

            /** Request asCapsule. */
            asCapsule: boolean;

            /** Request op. */
            op?: ("create"|"append"|"read"|"subscribe"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff");

            /**
             * Creates a new Request instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Request instance
             */
            static create(properties: gdp.v1.Request.$Shape): gdp.v1.Request & gdp.v1.Request.$Shape;
            static create(properties?: gdp.v1.Request.$Properties): gdp.v1.Request;

            /**
             * Encodes the specified Request message. Does not implicitly {@link gdp.v1.Request.verify|verify} messages.
             * @param message Request message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Request.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Request message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Request & gdp.v1.Request.$Shape} Request
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Request & gdp.v1.Request.$Shape;

            /**
             * Gets the type url for Request
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Request {

            /** Properties of a Request. */
            interface $Properties {

                /** Request create */
                create?: (gdp.v1.CreateRequest.$Properties|null);

                /** Request append */
                append?: (gdp.v1.AppendRequest.$Properties|null);

                /** Request read */
                read?: (gdp.v1.ReadRequest.$Properties|null);

                /** Request subscribe */
                subscribe?: (gdp.v1.SubscribeRequest.$Properties|null);

                /** Request info */
                info?: (gdp.v1.InfoRequest.$Properties|null);

                /** Request unsubscribe */
                unsubscribe?: (gdp.v1.UnsubscribeRequest.$Properties|null);

                /** Request list */
                list?: (gdp.v1.ListRequest.$Properties|null);

                /** Request delete */
                "delete"?: (gdp.v1.DeleteRequest.$Properties|null);

                /** Request proposeServers */
                proposeServers?: (gdp.v1.ProposeServersRequest.$Properties|null);

                /** Request kvRead */
                kvRead?: (gdp.v1.KvReadRequest.$Properties|null);

                /** Request handOff */
                handOff?: (gdp.v1.HandOffRequest.$Properties|null);

                /** Request capsule */
                capsule?: (Uint8Array|null);

                /** Request asCapsule */
                asCapsule?: (boolean|null);

                /** Request op */
                op?: ("create"|"append"|"read"|"subscribe"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a Request. */
            type $Shape = {
              create?: gdp.v1.CreateRequest.$Shape|null;
              append?: gdp.v1.AppendRequest.$Shape|null;
              read?: gdp.v1.ReadRequest.$Shape|null;
              subscribe?: gdp.v1.SubscribeRequest.$Shape|null;
              info?: gdp.v1.InfoRequest.$Shape|null;
              unsubscribe?: gdp.v1.UnsubscribeRequest.$Shape|null;
              list?: gdp.v1.ListRequest.$Shape|null;
              "delete"?: gdp.v1.DeleteRequest.$Shape|null;
              proposeServers?: gdp.v1.ProposeServersRequest.$Shape|null;
              kvRead?: gdp.v1.KvReadRequest.$Shape|null;
              handOff?: gdp.v1.HandOffRequest.$Shape|null;
              capsule?: Uint8Array|null;
              asCapsule?: boolean|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ op?: undefined; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "create"; create: gdp.v1.CreateRequest.$Shape; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "append"; create?: null; append: gdp.v1.AppendRequest.$Shape; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "read"; create?: null; append?: null; read: gdp.v1.ReadRequest.$Shape; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "subscribe"; create?: null; append?: null; read?: null; subscribe: gdp.v1.SubscribeRequest.$Shape; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "info"; create?: null; append?: null; read?: null; subscribe?: null; info: gdp.v1.InfoRequest.$Shape; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "unsubscribe"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe: gdp.v1.UnsubscribeRequest.$Shape; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "list"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list: gdp.v1.ListRequest.$Shape; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "delete"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete": gdp.v1.DeleteRequest.$Shape; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "proposeServers"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers: gdp.v1.ProposeServersRequest.$Shape; kvRead?: null; handOff?: null }|{ op?: "kvRead"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead: gdp.v1.KvReadRequest.$Shape; handOff?: null }|{ op?: "handOff"; create?: null; append?: null; read?: null; subscribe?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff: gdp.v1.HandOffRequest.$Shape })
            );
        }

        /**
         * Properties of a Response.
         * @deprecated Use gdp.v1.Response.$Properties instead.
         */
        interface IResponse extends gdp.v1.Response.$Properties {
        }

        /** Represents a Response. */
        class Response {

            /**
             * Constructs a new Response.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.Response.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Response final. */
            final: boolean;

            /** Response create. */
            create?: (gdp.v1.CreateResponse.$Properties|null);

            /** Response append. */
            append?: (gdp.v1.AppendAck.$Properties|null);

            /** Response read. */
            read?: (gdp.v1.ReadResponse.$Properties|null);

            /** Response info. */
            info?: (gdp.v1.InfoResponse.$Properties|null);

            /** Response unsubscribe. */
            unsubscribe?: (gdp.v1.UnsubscribeResponse.$Properties|null);

            /** Response list. */
            list?: (gdp.v1.ListResponse.$Properties|null);

            /** Response delete. */
            delete?: (gdp.v1.DeleteResponse.$Properties|null);

            /** Response proposeServers. */
            proposeServers?: (gdp.v1.ProposeServersResponse.$Properties|null);

            /** Response kvRead. */
            kvRead?: (gdp.v1.KvReadResponse.$Properties|null);

            /** Response handOff. */
            handOff?: (gdp.v1.HandOffResponse.$Properties|null);

            /** Response replicaAcks. */
            replicaAcks: gdp.v1.AppendAck.$Properties[];

            /** Response batchAcks. */
            batchAcks: gdp.v1.AppendAck.$Properties[];

            /** Response followingBytes. */
            followingBytes: number;

            /** Response op. */
            op?: ("create"|"append"|"read"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff");

            /**
             * Creates a new Response instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Response instance
             */
            static create(properties: gdp.v1.Response.$Shape): gdp.v1.Response & gdp.v1.Response.$Shape;
            static create(properties?: gdp.v1.Response.$Properties): gdp.v1.Response;

            /**
             * Encodes the specified Response message. Does not implicitly {@link gdp.v1.Response.verify|verify} messages.
             * @param message Response message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.Response.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Response message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.Response & gdp.v1.Response.$Shape} Response
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.Response & gdp.v1.Response.$Shape;

            /**
             * Gets the type url for Response
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace Response {

            /** Properties of a Response. */
            interface $Properties {

                /** Response final */
                final?: (boolean|null);

                /** Response create */
                create?: (gdp.v1.CreateResponse.$Properties|null);

                /** Response append */
                append?: (gdp.v1.AppendAck.$Properties|null);

                /** Response read */
                read?: (gdp.v1.ReadResponse.$Properties|null);

                /** Response info */
                info?: (gdp.v1.InfoResponse.$Properties|null);

                /** Response unsubscribe */
                unsubscribe?: (gdp.v1.UnsubscribeResponse.$Properties|null);

                /** Response list */
                list?: (gdp.v1.ListResponse.$Properties|null);

                /** Response delete */
                "delete"?: (gdp.v1.DeleteResponse.$Properties|null);

                /** Response proposeServers */
                proposeServers?: (gdp.v1.ProposeServersResponse.$Properties|null);

                /** Response kvRead */
                kvRead?: (gdp.v1.KvReadResponse.$Properties|null);

                /** Response handOff */
                handOff?: (gdp.v1.HandOffResponse.$Properties|null);

                /** Response replicaAcks */
                replicaAcks?: (gdp.v1.AppendAck.$Properties[]|null);

                /** Response batchAcks */
                batchAcks?: (gdp.v1.AppendAck.$Properties[]|null);

                /** Response followingBytes */
                followingBytes?: (number|null);

                /** Response op */
                op?: ("create"|"append"|"read"|"info"|"unsubscribe"|"list"|"delete"|"proposeServers"|"kvRead"|"handOff");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a Response. */
            type $Shape = {
              final?: boolean|null;
              create?: gdp.v1.CreateResponse.$Shape|null;
              append?: gdp.v1.AppendAck.$Shape|null;
              read?: gdp.v1.ReadResponse.$Shape|null;
              info?: gdp.v1.InfoResponse.$Shape|null;
              unsubscribe?: gdp.v1.UnsubscribeResponse.$Shape|null;
              list?: gdp.v1.ListResponse.$Shape|null;
              "delete"?: gdp.v1.DeleteResponse.$Shape|null;
              proposeServers?: gdp.v1.ProposeServersResponse.$Shape|null;
              kvRead?: gdp.v1.KvReadResponse.$Shape|null;
              handOff?: gdp.v1.HandOffResponse.$Shape|null;
              replicaAcks?: gdp.v1.AppendAck.$Shape[]|null;
              batchAcks?: gdp.v1.AppendAck.$Shape[]|null;
              followingBytes?: number|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ op?: undefined; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "create"; create: gdp.v1.CreateResponse.$Shape; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "append"; create?: null; append: gdp.v1.AppendAck.$Shape; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "read"; create?: null; append?: null; read: gdp.v1.ReadResponse.$Shape; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "info"; create?: null; append?: null; read?: null; info: gdp.v1.InfoResponse.$Shape; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "unsubscribe"; create?: null; append?: null; read?: null; info?: null; unsubscribe: gdp.v1.UnsubscribeResponse.$Shape; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "list"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list: gdp.v1.ListResponse.$Shape; "delete"?: null; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "delete"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete": gdp.v1.DeleteResponse.$Shape; proposeServers?: null; kvRead?: null; handOff?: null }|{ op?: "proposeServers"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers: gdp.v1.ProposeServersResponse.$Shape; kvRead?: null; handOff?: null }|{ op?: "kvRead"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead: gdp.v1.KvReadResponse.$Shape; handOff?: null }|{ op?: "handOff"; create?: null; append?: null; read?: null; info?: null; unsubscribe?: null; list?: null; "delete"?: null; proposeServers?: null; kvRead?: null; handOff: gdp.v1.HandOffResponse.$Shape })
            );
        }

        /**
         * Properties of an UnsubscribeResponse.
         * @deprecated Use gdp.v1.UnsubscribeResponse.$Properties instead.
         */
        interface IUnsubscribeResponse extends gdp.v1.UnsubscribeResponse.$Properties {
        }

        /** Represents an UnsubscribeResponse. */
        class UnsubscribeResponse {

            /**
             * Constructs a new UnsubscribeResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.UnsubscribeResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** UnsubscribeResponse found. */
            found: boolean;

            /**
             * Creates a new UnsubscribeResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns UnsubscribeResponse instance
             */
            static create(properties: gdp.v1.UnsubscribeResponse.$Shape): gdp.v1.UnsubscribeResponse & gdp.v1.UnsubscribeResponse.$Shape;
            static create(properties?: gdp.v1.UnsubscribeResponse.$Properties): gdp.v1.UnsubscribeResponse;

            /**
             * Encodes the specified UnsubscribeResponse message. Does not implicitly {@link gdp.v1.UnsubscribeResponse.verify|verify} messages.
             * @param message UnsubscribeResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.UnsubscribeResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an UnsubscribeResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.UnsubscribeResponse & gdp.v1.UnsubscribeResponse.$Shape} UnsubscribeResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.UnsubscribeResponse & gdp.v1.UnsubscribeResponse.$Shape;

            /**
             * Gets the type url for UnsubscribeResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace UnsubscribeResponse {

            /** Properties of an UnsubscribeResponse. */
            interface $Properties {

                /** UnsubscribeResponse found */
                found?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an UnsubscribeResponse. */
            type $Shape = gdp.v1.UnsubscribeResponse.$Properties;
        }

        /**
         * Properties of a CreateRequest.
         * @deprecated Use gdp.v1.CreateRequest.$Properties instead.
         */
        interface ICreateRequest extends gdp.v1.CreateRequest.$Properties {
        }

        /** Represents a CreateRequest. */
        class CreateRequest {

            /**
             * Constructs a new CreateRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.CreateRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CreateRequest metadata. */
            metadata?: (gdp.v1.SignedMetadata.$Properties|null);

            /** CreateRequest adcert. */
            adcert?: (gdp.v1.SignedAdCert.$Properties|null);

            /** CreateRequest replicas. */
            replicas?: (gdp.v1.ReplicaSet.$Properties|null);

            /** CreateRequest catchUpFrom. */
            catchUpFrom: Uint8Array;

            /**
             * Creates a new CreateRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CreateRequest instance
             */
            static create(properties: gdp.v1.CreateRequest.$Shape): gdp.v1.CreateRequest & gdp.v1.CreateRequest.$Shape;
            static create(properties?: gdp.v1.CreateRequest.$Properties): gdp.v1.CreateRequest;

            /**
             * Encodes the specified CreateRequest message. Does not implicitly {@link gdp.v1.CreateRequest.verify|verify} messages.
             * @param message CreateRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.CreateRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CreateRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.CreateRequest & gdp.v1.CreateRequest.$Shape} CreateRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.CreateRequest & gdp.v1.CreateRequest.$Shape;

            /**
             * Gets the type url for CreateRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace CreateRequest {

            /** Properties of a CreateRequest. */
            interface $Properties {

                /** CreateRequest metadata */
                metadata?: (gdp.v1.SignedMetadata.$Properties|null);

                /** CreateRequest adcert */
                adcert?: (gdp.v1.SignedAdCert.$Properties|null);

                /** CreateRequest replicas */
                replicas?: (gdp.v1.ReplicaSet.$Properties|null);

                /** CreateRequest catchUpFrom */
                catchUpFrom?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CreateRequest. */
            type $Shape = gdp.v1.CreateRequest.$Properties;
        }

        /**
         * Properties of a CreateResponse.
         * @deprecated Use gdp.v1.CreateResponse.$Properties instead.
         */
        interface ICreateResponse extends gdp.v1.CreateResponse.$Properties {
        }

        /** Represents a CreateResponse. */
        class CreateResponse {

            /**
             * Constructs a new CreateResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.CreateResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CreateResponse capsule. */
            capsule: Uint8Array;

            /** CreateResponse receipt. */
            receipt?: (gdp.v1.ServerReceipt.$Properties|null);

            /**
             * Creates a new CreateResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CreateResponse instance
             */
            static create(properties: gdp.v1.CreateResponse.$Shape): gdp.v1.CreateResponse & gdp.v1.CreateResponse.$Shape;
            static create(properties?: gdp.v1.CreateResponse.$Properties): gdp.v1.CreateResponse;

            /**
             * Encodes the specified CreateResponse message. Does not implicitly {@link gdp.v1.CreateResponse.verify|verify} messages.
             * @param message CreateResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.CreateResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CreateResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.CreateResponse & gdp.v1.CreateResponse.$Shape} CreateResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.CreateResponse & gdp.v1.CreateResponse.$Shape;

            /**
             * Gets the type url for CreateResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace CreateResponse {

            /** Properties of a CreateResponse. */
            interface $Properties {

                /** CreateResponse capsule */
                capsule?: (Uint8Array|null);

                /** CreateResponse receipt */
                receipt?: (gdp.v1.ServerReceipt.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CreateResponse. */
            type $Shape = gdp.v1.CreateResponse.$Properties;
        }

        /**
         * Properties of a ServerReceipt.
         * @deprecated Use gdp.v1.ServerReceipt.$Properties instead.
         */
        interface IServerReceipt extends gdp.v1.ServerReceipt.$Properties {
        }

        /** Represents a ServerReceipt. */
        class ServerReceipt {

            /**
             * Constructs a new ServerReceipt.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ServerReceipt.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ServerReceipt server. */
            server: Uint8Array;

            /** ServerReceipt serverKey. */
            serverKey?: (gdp.v1.PublicKey.$Properties|null);

            /** ServerReceipt capsule. */
            capsule: Uint8Array;

            /** ServerReceipt kind. */
            kind: gdp.v1.ReceiptKind;

            /** ServerReceipt orderHash. */
            orderHash: Uint8Array;

            /** ServerReceipt atUs. */
            atUs: (number);

            /** ServerReceipt adcert. */
            adcert?: (gdp.v1.SignedAdCert.$Properties|null);

            /** ServerReceipt signature. */
            signature: Uint8Array;

            /**
             * Creates a new ServerReceipt instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ServerReceipt instance
             */
            static create(properties: gdp.v1.ServerReceipt.$Shape): gdp.v1.ServerReceipt & gdp.v1.ServerReceipt.$Shape;
            static create(properties?: gdp.v1.ServerReceipt.$Properties): gdp.v1.ServerReceipt;

            /**
             * Encodes the specified ServerReceipt message. Does not implicitly {@link gdp.v1.ServerReceipt.verify|verify} messages.
             * @param message ServerReceipt message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ServerReceipt.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ServerReceipt message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ServerReceipt & gdp.v1.ServerReceipt.$Shape} ServerReceipt
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ServerReceipt & gdp.v1.ServerReceipt.$Shape;

            /**
             * Gets the type url for ServerReceipt
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ServerReceipt {

            /** Properties of a ServerReceipt. */
            interface $Properties {

                /** ServerReceipt server */
                server?: (Uint8Array|null);

                /** ServerReceipt serverKey */
                serverKey?: (gdp.v1.PublicKey.$Properties|null);

                /** ServerReceipt capsule */
                capsule?: (Uint8Array|null);

                /** ServerReceipt kind */
                kind?: (gdp.v1.ReceiptKind|null);

                /** ServerReceipt orderHash */
                orderHash?: (Uint8Array|null);

                /** ServerReceipt atUs */
                atUs?: (number|null);

                /** ServerReceipt adcert */
                adcert?: (gdp.v1.SignedAdCert.$Properties|null);

                /** ServerReceipt signature */
                signature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ServerReceipt. */
            type $Shape = gdp.v1.ServerReceipt.$Properties;
        }

        /** ReceiptKind enum. */
        enum ReceiptKind {

            /** RECEIPT_KIND_UNSPECIFIED value */
            RECEIPT_KIND_UNSPECIFIED = 0,

            /** CREATED value */
            CREATED = 1,

            /** DELETED value */
            DELETED = 2
        }

        /**
         * Properties of an AppendRequest.
         * @deprecated Use gdp.v1.AppendRequest.$Properties instead.
         */
        interface IAppendRequest extends gdp.v1.AppendRequest.$Properties {
        }

        /** Represents an AppendRequest. */
        class AppendRequest {

            /**
             * Constructs a new AppendRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AppendRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AppendRequest records. */
            records: gdp.v1.Record.$Properties[];

            /** AppendRequest heartbeat. */
            heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** AppendRequest batchHeartbeats. */
            batchHeartbeats: gdp.v1.SignedHeartbeat.$Properties[];

            /**
             * Creates a new AppendRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AppendRequest instance
             */
            static create(properties: gdp.v1.AppendRequest.$Shape): gdp.v1.AppendRequest & gdp.v1.AppendRequest.$Shape;
            static create(properties?: gdp.v1.AppendRequest.$Properties): gdp.v1.AppendRequest;

            /**
             * Encodes the specified AppendRequest message. Does not implicitly {@link gdp.v1.AppendRequest.verify|verify} messages.
             * @param message AppendRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AppendRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AppendRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AppendRequest & gdp.v1.AppendRequest.$Shape} AppendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AppendRequest & gdp.v1.AppendRequest.$Shape;

            /**
             * Gets the type url for AppendRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AppendRequest {

            /** Properties of an AppendRequest. */
            interface $Properties {

                /** AppendRequest records */
                records?: (gdp.v1.Record.$Properties[]|null);

                /** AppendRequest heartbeat */
                heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** AppendRequest batchHeartbeats */
                batchHeartbeats?: (gdp.v1.SignedHeartbeat.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AppendRequest. */
            type $Shape = gdp.v1.AppendRequest.$Properties;
        }

        /**
         * Properties of an AppendAck.
         * @deprecated Use gdp.v1.AppendAck.$Properties instead.
         */
        interface IAppendAck extends gdp.v1.AppendAck.$Properties {
        }

        /** Represents an AppendAck. */
        class AppendAck {

            /**
             * Constructs a new AppendAck.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AppendAck.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AppendAck server. */
            server: Uint8Array;

            /** AppendAck serverKey. */
            serverKey?: (gdp.v1.PublicKey.$Properties|null);

            /** AppendAck heartbeat. */
            heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** AppendAck storedAtUs. */
            storedAtUs: (number);

            /** AppendAck signature. */
            signature: Uint8Array;

            /**
             * Creates a new AppendAck instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AppendAck instance
             */
            static create(properties: gdp.v1.AppendAck.$Shape): gdp.v1.AppendAck & gdp.v1.AppendAck.$Shape;
            static create(properties?: gdp.v1.AppendAck.$Properties): gdp.v1.AppendAck;

            /**
             * Encodes the specified AppendAck message. Does not implicitly {@link gdp.v1.AppendAck.verify|verify} messages.
             * @param message AppendAck message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AppendAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AppendAck message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AppendAck & gdp.v1.AppendAck.$Shape} AppendAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AppendAck & gdp.v1.AppendAck.$Shape;

            /**
             * Gets the type url for AppendAck
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AppendAck {

            /** Properties of an AppendAck. */
            interface $Properties {

                /** AppendAck server */
                server?: (Uint8Array|null);

                /** AppendAck serverKey */
                serverKey?: (gdp.v1.PublicKey.$Properties|null);

                /** AppendAck heartbeat */
                heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** AppendAck storedAtUs */
                storedAtUs?: (number|null);

                /** AppendAck signature */
                signature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AppendAck. */
            type $Shape = gdp.v1.AppendAck.$Properties;
        }

        /**
         * Properties of a ReadRequest.
         * @deprecated Use gdp.v1.ReadRequest.$Properties instead.
         */
        interface IReadRequest extends gdp.v1.ReadRequest.$Properties {
        }

        /** Represents a ReadRequest. */
        class ReadRequest {

            /**
             * Constructs a new ReadRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ReadRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReadRequest seqno. */
            seqno?: (number|null);

            /** ReadRequest range. */
            range?: (gdp.v1.SeqRange.$Properties|null);

            /** ReadRequest last. */
            last?: (number|null);

            /** ReadRequest atUs. */
            atUs?: (number|null);

            /** ReadRequest hash. */
            hash?: (Uint8Array|null);

            /** ReadRequest proofs. */
            proofs: boolean;

            /** ReadRequest batchHeartbeats. */
            batchHeartbeats: boolean;

            /** ReadRequest rangeProof. */
            rangeProof: boolean;

            /** ReadRequest maxBytes. */
            maxBytes: number;

            /** ReadRequest selector. */
            selector?: ("seqno"|"range"|"last"|"atUs"|"hash");

            /**
             * Creates a new ReadRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReadRequest instance
             */
            static create(properties: gdp.v1.ReadRequest.$Shape): gdp.v1.ReadRequest & gdp.v1.ReadRequest.$Shape;
            static create(properties?: gdp.v1.ReadRequest.$Properties): gdp.v1.ReadRequest;

            /**
             * Encodes the specified ReadRequest message. Does not implicitly {@link gdp.v1.ReadRequest.verify|verify} messages.
             * @param message ReadRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ReadRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReadRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ReadRequest & gdp.v1.ReadRequest.$Shape} ReadRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ReadRequest & gdp.v1.ReadRequest.$Shape;

            /**
             * Gets the type url for ReadRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ReadRequest {

            /** Properties of a ReadRequest. */
            interface $Properties {

                /** ReadRequest seqno */
                seqno?: (number|null);

                /** ReadRequest range */
                range?: (gdp.v1.SeqRange.$Properties|null);

                /** ReadRequest last */
                last?: (number|null);

                /** ReadRequest atUs */
                atUs?: (number|null);

                /** ReadRequest hash */
                hash?: (Uint8Array|null);

                /** ReadRequest proofs */
                proofs?: (boolean|null);

                /** ReadRequest batchHeartbeats */
                batchHeartbeats?: (boolean|null);

                /** ReadRequest rangeProof */
                rangeProof?: (boolean|null);

                /** ReadRequest maxBytes */
                maxBytes?: (number|null);

                /** ReadRequest selector */
                selector?: ("seqno"|"range"|"last"|"atUs"|"hash");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a ReadRequest. */
            type $Shape = {
              seqno?: number|null;
              range?: gdp.v1.SeqRange.$Shape|null;
              last?: number|null;
              atUs?: number|null;
              hash?: Uint8Array|null;
              proofs?: boolean|null;
              batchHeartbeats?: boolean|null;
              rangeProof?: boolean|null;
              maxBytes?: number|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ selector?: undefined; seqno?: null; range?: null; last?: null; atUs?: null; hash?: null }|{ selector?: "seqno"; seqno: number; range?: null; last?: null; atUs?: null; hash?: null }|{ selector?: "range"; seqno?: null; range: gdp.v1.SeqRange.$Shape; last?: null; atUs?: null; hash?: null }|{ selector?: "last"; seqno?: null; range?: null; last: number; atUs?: null; hash?: null }|{ selector?: "atUs"; seqno?: null; range?: null; last?: null; atUs: number; hash?: null }|{ selector?: "hash"; seqno?: null; range?: null; last?: null; atUs?: null; hash: Uint8Array })
            );
        }

        /**
         * Properties of a SeqRange.
         * @deprecated Use gdp.v1.SeqRange.$Properties instead.
         */
        interface ISeqRange extends gdp.v1.SeqRange.$Properties {
        }

        /** Represents a SeqRange. */
        class SeqRange {

            /**
             * Constructs a new SeqRange.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SeqRange.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SeqRange from. */
            from: (number);

            /** SeqRange to. */
            to: (number);

            /**
             * Creates a new SeqRange instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SeqRange instance
             */
            static create(properties: gdp.v1.SeqRange.$Shape): gdp.v1.SeqRange & gdp.v1.SeqRange.$Shape;
            static create(properties?: gdp.v1.SeqRange.$Properties): gdp.v1.SeqRange;

            /**
             * Encodes the specified SeqRange message. Does not implicitly {@link gdp.v1.SeqRange.verify|verify} messages.
             * @param message SeqRange message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SeqRange.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SeqRange message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SeqRange & gdp.v1.SeqRange.$Shape} SeqRange
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SeqRange & gdp.v1.SeqRange.$Shape;

            /**
             * Gets the type url for SeqRange
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SeqRange {

            /** Properties of a SeqRange. */
            interface $Properties {

                /** SeqRange from */
                from?: (number|null);

                /** SeqRange to */
                to?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SeqRange. */
            type $Shape = gdp.v1.SeqRange.$Properties;
        }

        /**
         * Properties of a ReadResponse.
         * @deprecated Use gdp.v1.ReadResponse.$Properties instead.
         */
        interface IReadResponse extends gdp.v1.ReadResponse.$Properties {
        }

        /** Represents a ReadResponse. */
        class ReadResponse {

            /**
             * Constructs a new ReadResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ReadResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReadResponse records. */
            records: gdp.v1.Record.$Properties[];

            /** ReadResponse proofs. */
            proofs: gdp.v1.InclusionProof.$Properties[];

            /** ReadResponse heartbeat. */
            heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** ReadResponse batchHeartbeats. */
            batchHeartbeats: gdp.v1.SignedHeartbeat.$Properties[];

            /** ReadResponse rangeProof. */
            rangeProof?: (gdp.v1.RangeProof.$Properties|null);

            /**
             * Creates a new ReadResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReadResponse instance
             */
            static create(properties: gdp.v1.ReadResponse.$Shape): gdp.v1.ReadResponse & gdp.v1.ReadResponse.$Shape;
            static create(properties?: gdp.v1.ReadResponse.$Properties): gdp.v1.ReadResponse;

            /**
             * Encodes the specified ReadResponse message. Does not implicitly {@link gdp.v1.ReadResponse.verify|verify} messages.
             * @param message ReadResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ReadResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReadResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ReadResponse & gdp.v1.ReadResponse.$Shape} ReadResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ReadResponse & gdp.v1.ReadResponse.$Shape;

            /**
             * Gets the type url for ReadResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ReadResponse {

            /** Properties of a ReadResponse. */
            interface $Properties {

                /** ReadResponse records */
                records?: (gdp.v1.Record.$Properties[]|null);

                /** ReadResponse proofs */
                proofs?: (gdp.v1.InclusionProof.$Properties[]|null);

                /** ReadResponse heartbeat */
                heartbeat?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** ReadResponse batchHeartbeats */
                batchHeartbeats?: (gdp.v1.SignedHeartbeat.$Properties[]|null);

                /** ReadResponse rangeProof */
                rangeProof?: (gdp.v1.RangeProof.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReadResponse. */
            type $Shape = gdp.v1.ReadResponse.$Properties;
        }

        /**
         * Properties of a SubscribeRequest.
         * @deprecated Use gdp.v1.SubscribeRequest.$Properties instead.
         */
        interface ISubscribeRequest extends gdp.v1.SubscribeRequest.$Properties {
        }

        /** Represents a SubscribeRequest. */
        class SubscribeRequest {

            /**
             * Constructs a new SubscribeRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SubscribeRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SubscribeRequest fromSeqno. */
            fromSeqno: (number);

            /** SubscribeRequest proofs. */
            proofs: boolean;

            /** SubscribeRequest rangeProof. */
            rangeProof: boolean;

            /** SubscribeRequest via. */
            via: Uint8Array[];

            /**
             * Creates a new SubscribeRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SubscribeRequest instance
             */
            static create(properties: gdp.v1.SubscribeRequest.$Shape): gdp.v1.SubscribeRequest & gdp.v1.SubscribeRequest.$Shape;
            static create(properties?: gdp.v1.SubscribeRequest.$Properties): gdp.v1.SubscribeRequest;

            /**
             * Encodes the specified SubscribeRequest message. Does not implicitly {@link gdp.v1.SubscribeRequest.verify|verify} messages.
             * @param message SubscribeRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SubscribeRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SubscribeRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SubscribeRequest & gdp.v1.SubscribeRequest.$Shape} SubscribeRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SubscribeRequest & gdp.v1.SubscribeRequest.$Shape;

            /**
             * Gets the type url for SubscribeRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SubscribeRequest {

            /** Properties of a SubscribeRequest. */
            interface $Properties {

                /** SubscribeRequest fromSeqno */
                fromSeqno?: (number|null);

                /** SubscribeRequest proofs */
                proofs?: (boolean|null);

                /** SubscribeRequest rangeProof */
                rangeProof?: (boolean|null);

                /** SubscribeRequest via */
                via?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SubscribeRequest. */
            type $Shape = gdp.v1.SubscribeRequest.$Properties;
        }

        /**
         * Properties of an UnsubscribeRequest.
         * @deprecated Use gdp.v1.UnsubscribeRequest.$Properties instead.
         */
        interface IUnsubscribeRequest extends gdp.v1.UnsubscribeRequest.$Properties {
        }

        /** Represents an UnsubscribeRequest. */
        class UnsubscribeRequest {

            /**
             * Constructs a new UnsubscribeRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.UnsubscribeRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** UnsubscribeRequest nonce. */
            nonce: Uint8Array;

            /**
             * Creates a new UnsubscribeRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns UnsubscribeRequest instance
             */
            static create(properties: gdp.v1.UnsubscribeRequest.$Shape): gdp.v1.UnsubscribeRequest & gdp.v1.UnsubscribeRequest.$Shape;
            static create(properties?: gdp.v1.UnsubscribeRequest.$Properties): gdp.v1.UnsubscribeRequest;

            /**
             * Encodes the specified UnsubscribeRequest message. Does not implicitly {@link gdp.v1.UnsubscribeRequest.verify|verify} messages.
             * @param message UnsubscribeRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.UnsubscribeRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an UnsubscribeRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.UnsubscribeRequest & gdp.v1.UnsubscribeRequest.$Shape} UnsubscribeRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.UnsubscribeRequest & gdp.v1.UnsubscribeRequest.$Shape;

            /**
             * Gets the type url for UnsubscribeRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace UnsubscribeRequest {

            /** Properties of an UnsubscribeRequest. */
            interface $Properties {

                /** UnsubscribeRequest nonce */
                nonce?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an UnsubscribeRequest. */
            type $Shape = gdp.v1.UnsubscribeRequest.$Properties;
        }

        /**
         * Properties of a DeleteRequest.
         * @deprecated Use gdp.v1.DeleteRequest.$Properties instead.
         */
        interface IDeleteRequest extends gdp.v1.DeleteRequest.$Properties {
        }

        /** Represents a DeleteRequest. */
        class DeleteRequest {

            /**
             * Constructs a new DeleteRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.DeleteRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DeleteRequest deletion. */
            deletion?: (gdp.v1.SignedCapsuleDeletion.$Properties|null);

            /**
             * Creates a new DeleteRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DeleteRequest instance
             */
            static create(properties: gdp.v1.DeleteRequest.$Shape): gdp.v1.DeleteRequest & gdp.v1.DeleteRequest.$Shape;
            static create(properties?: gdp.v1.DeleteRequest.$Properties): gdp.v1.DeleteRequest;

            /**
             * Encodes the specified DeleteRequest message. Does not implicitly {@link gdp.v1.DeleteRequest.verify|verify} messages.
             * @param message DeleteRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.DeleteRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DeleteRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.DeleteRequest & gdp.v1.DeleteRequest.$Shape} DeleteRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.DeleteRequest & gdp.v1.DeleteRequest.$Shape;

            /**
             * Gets the type url for DeleteRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DeleteRequest {

            /** Properties of a DeleteRequest. */
            interface $Properties {

                /** DeleteRequest deletion */
                deletion?: (gdp.v1.SignedCapsuleDeletion.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DeleteRequest. */
            type $Shape = gdp.v1.DeleteRequest.$Properties;
        }

        /**
         * Properties of a DeleteResponse.
         * @deprecated Use gdp.v1.DeleteResponse.$Properties instead.
         */
        interface IDeleteResponse extends gdp.v1.DeleteResponse.$Properties {
        }

        /** Represents a DeleteResponse. */
        class DeleteResponse {

            /**
             * Constructs a new DeleteResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.DeleteResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** DeleteResponse receipt. */
            receipt?: (gdp.v1.ServerReceipt.$Properties|null);

            /**
             * Creates a new DeleteResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns DeleteResponse instance
             */
            static create(properties: gdp.v1.DeleteResponse.$Shape): gdp.v1.DeleteResponse & gdp.v1.DeleteResponse.$Shape;
            static create(properties?: gdp.v1.DeleteResponse.$Properties): gdp.v1.DeleteResponse;

            /**
             * Encodes the specified DeleteResponse message. Does not implicitly {@link gdp.v1.DeleteResponse.verify|verify} messages.
             * @param message DeleteResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.DeleteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a DeleteResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.DeleteResponse & gdp.v1.DeleteResponse.$Shape} DeleteResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.DeleteResponse & gdp.v1.DeleteResponse.$Shape;

            /**
             * Gets the type url for DeleteResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace DeleteResponse {

            /** Properties of a DeleteResponse. */
            interface $Properties {

                /** DeleteResponse receipt */
                receipt?: (gdp.v1.ServerReceipt.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a DeleteResponse. */
            type $Shape = gdp.v1.DeleteResponse.$Properties;
        }

        /**
         * Properties of a HandOffRequest.
         * @deprecated Use gdp.v1.HandOffRequest.$Properties instead.
         */
        interface IHandOffRequest extends gdp.v1.HandOffRequest.$Properties {
        }

        /** Represents a HandOffRequest. */
        class HandOffRequest {

            /**
             * Constructs a new HandOffRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.HandOffRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HandOffRequest removal. */
            removal?: (gdp.v1.SignedCapsuleDeletion.$Properties|null);

            /** HandOffRequest to. */
            to: Uint8Array;

            /**
             * Creates a new HandOffRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HandOffRequest instance
             */
            static create(properties: gdp.v1.HandOffRequest.$Shape): gdp.v1.HandOffRequest & gdp.v1.HandOffRequest.$Shape;
            static create(properties?: gdp.v1.HandOffRequest.$Properties): gdp.v1.HandOffRequest;

            /**
             * Encodes the specified HandOffRequest message. Does not implicitly {@link gdp.v1.HandOffRequest.verify|verify} messages.
             * @param message HandOffRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.HandOffRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HandOffRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.HandOffRequest & gdp.v1.HandOffRequest.$Shape} HandOffRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.HandOffRequest & gdp.v1.HandOffRequest.$Shape;

            /**
             * Gets the type url for HandOffRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace HandOffRequest {

            /** Properties of a HandOffRequest. */
            interface $Properties {

                /** HandOffRequest removal */
                removal?: (gdp.v1.SignedCapsuleDeletion.$Properties|null);

                /** HandOffRequest to */
                to?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HandOffRequest. */
            type $Shape = gdp.v1.HandOffRequest.$Properties;
        }

        /**
         * Properties of a HandOffResponse.
         * @deprecated Use gdp.v1.HandOffResponse.$Properties instead.
         */
        interface IHandOffResponse extends gdp.v1.HandOffResponse.$Properties {
        }

        /** Represents a HandOffResponse. */
        class HandOffResponse {

            /**
             * Constructs a new HandOffResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.HandOffResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HandOffResponse size. */
            size: (number);

            /**
             * Creates a new HandOffResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HandOffResponse instance
             */
            static create(properties: gdp.v1.HandOffResponse.$Shape): gdp.v1.HandOffResponse & gdp.v1.HandOffResponse.$Shape;
            static create(properties?: gdp.v1.HandOffResponse.$Properties): gdp.v1.HandOffResponse;

            /**
             * Encodes the specified HandOffResponse message. Does not implicitly {@link gdp.v1.HandOffResponse.verify|verify} messages.
             * @param message HandOffResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.HandOffResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HandOffResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.HandOffResponse & gdp.v1.HandOffResponse.$Shape} HandOffResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.HandOffResponse & gdp.v1.HandOffResponse.$Shape;

            /**
             * Gets the type url for HandOffResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace HandOffResponse {

            /** Properties of a HandOffResponse. */
            interface $Properties {

                /** HandOffResponse size */
                size?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HandOffResponse. */
            type $Shape = gdp.v1.HandOffResponse.$Properties;
        }

        /**
         * Properties of an InfoRequest.
         * @deprecated Use gdp.v1.InfoRequest.$Properties instead.
         */
        interface IInfoRequest extends gdp.v1.InfoRequest.$Properties {
        }

        /** Represents an InfoRequest. */
        class InfoRequest {

            /**
             * Constructs a new InfoRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.InfoRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new InfoRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns InfoRequest instance
             */
            static create(properties: gdp.v1.InfoRequest.$Shape): gdp.v1.InfoRequest & gdp.v1.InfoRequest.$Shape;
            static create(properties?: gdp.v1.InfoRequest.$Properties): gdp.v1.InfoRequest;

            /**
             * Encodes the specified InfoRequest message. Does not implicitly {@link gdp.v1.InfoRequest.verify|verify} messages.
             * @param message InfoRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.InfoRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an InfoRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.InfoRequest & gdp.v1.InfoRequest.$Shape} InfoRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.InfoRequest & gdp.v1.InfoRequest.$Shape;

            /**
             * Gets the type url for InfoRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace InfoRequest {

            /** Properties of an InfoRequest. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an InfoRequest. */
            type $Shape = gdp.v1.InfoRequest.$Properties;
        }

        /**
         * Properties of an InfoResponse.
         * @deprecated Use gdp.v1.InfoResponse.$Properties instead.
         */
        interface IInfoResponse extends gdp.v1.InfoResponse.$Properties {
        }

        /** Represents an InfoResponse. */
        class InfoResponse {

            /**
             * Constructs a new InfoResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.InfoResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** InfoResponse metadata. */
            metadata?: (gdp.v1.SignedMetadata.$Properties|null);

            /** InfoResponse head. */
            head?: (gdp.v1.SignedHeartbeat.$Properties|null);

            /** InfoResponse size. */
            size: (number);

            /** InfoResponse frontier. */
            frontier: Uint8Array[];

            /** InfoResponse replicas. */
            replicas?: (gdp.v1.ReplicaSet.$Properties|null);

            /** InfoResponse forkProof. */
            forkProof: Uint8Array;

            /** InfoResponse joining. */
            joining: boolean;

            /** InfoResponse catchUpFailure. */
            catchUpFailure: string;

            /**
             * Creates a new InfoResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns InfoResponse instance
             */
            static create(properties: gdp.v1.InfoResponse.$Shape): gdp.v1.InfoResponse & gdp.v1.InfoResponse.$Shape;
            static create(properties?: gdp.v1.InfoResponse.$Properties): gdp.v1.InfoResponse;

            /**
             * Encodes the specified InfoResponse message. Does not implicitly {@link gdp.v1.InfoResponse.verify|verify} messages.
             * @param message InfoResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.InfoResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an InfoResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.InfoResponse & gdp.v1.InfoResponse.$Shape} InfoResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.InfoResponse & gdp.v1.InfoResponse.$Shape;

            /**
             * Gets the type url for InfoResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace InfoResponse {

            /** Properties of an InfoResponse. */
            interface $Properties {

                /** InfoResponse metadata */
                metadata?: (gdp.v1.SignedMetadata.$Properties|null);

                /** InfoResponse head */
                head?: (gdp.v1.SignedHeartbeat.$Properties|null);

                /** InfoResponse size */
                size?: (number|null);

                /** InfoResponse frontier */
                frontier?: (Uint8Array[]|null);

                /** InfoResponse replicas */
                replicas?: (gdp.v1.ReplicaSet.$Properties|null);

                /** InfoResponse forkProof */
                forkProof?: (Uint8Array|null);

                /** InfoResponse joining */
                joining?: (boolean|null);

                /** InfoResponse catchUpFailure */
                catchUpFailure?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an InfoResponse. */
            type $Shape = gdp.v1.InfoResponse.$Properties;
        }

        /**
         * Properties of a ListRequest.
         * @deprecated Use gdp.v1.ListRequest.$Properties instead.
         */
        interface IListRequest extends gdp.v1.ListRequest.$Properties {
        }

        /** Represents a ListRequest. */
        class ListRequest {

            /**
             * Constructs a new ListRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ListRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ListRequest after. */
            after: Uint8Array;

            /** ListRequest limit. */
            limit: number;

            /** ListRequest changedSince. */
            changedSince?: (gdp.v1.ListPoint.$Properties|null);

            /**
             * Creates a new ListRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ListRequest instance
             */
            static create(properties: gdp.v1.ListRequest.$Shape): gdp.v1.ListRequest & gdp.v1.ListRequest.$Shape;
            static create(properties?: gdp.v1.ListRequest.$Properties): gdp.v1.ListRequest;

            /**
             * Encodes the specified ListRequest message. Does not implicitly {@link gdp.v1.ListRequest.verify|verify} messages.
             * @param message ListRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ListRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ListRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ListRequest & gdp.v1.ListRequest.$Shape} ListRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ListRequest & gdp.v1.ListRequest.$Shape;

            /**
             * Gets the type url for ListRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ListRequest {

            /** Properties of a ListRequest. */
            interface $Properties {

                /** ListRequest after */
                after?: (Uint8Array|null);

                /** ListRequest limit */
                limit?: (number|null);

                /** ListRequest changedSince */
                changedSince?: (gdp.v1.ListPoint.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ListRequest. */
            type $Shape = gdp.v1.ListRequest.$Properties;
        }

        /**
         * Properties of a ListPoint.
         * @deprecated Use gdp.v1.ListPoint.$Properties instead.
         */
        interface IListPoint extends gdp.v1.ListPoint.$Properties {
        }

        /** Represents a ListPoint. */
        class ListPoint {

            /**
             * Constructs a new ListPoint.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ListPoint.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ListPoint log. */
            log: Uint8Array;

            /** ListPoint seq. */
            seq: (number);

            /**
             * Creates a new ListPoint instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ListPoint instance
             */
            static create(properties: gdp.v1.ListPoint.$Shape): gdp.v1.ListPoint & gdp.v1.ListPoint.$Shape;
            static create(properties?: gdp.v1.ListPoint.$Properties): gdp.v1.ListPoint;

            /**
             * Encodes the specified ListPoint message. Does not implicitly {@link gdp.v1.ListPoint.verify|verify} messages.
             * @param message ListPoint message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ListPoint.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ListPoint message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ListPoint & gdp.v1.ListPoint.$Shape} ListPoint
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ListPoint & gdp.v1.ListPoint.$Shape;

            /**
             * Gets the type url for ListPoint
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ListPoint {

            /** Properties of a ListPoint. */
            interface $Properties {

                /** ListPoint log */
                log?: (Uint8Array|null);

                /** ListPoint seq */
                seq?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ListPoint. */
            type $Shape = gdp.v1.ListPoint.$Properties;
        }

        /**
         * Properties of a ListResponse.
         * @deprecated Use gdp.v1.ListResponse.$Properties instead.
         */
        interface IListResponse extends gdp.v1.ListResponse.$Properties {
        }

        /** Represents a ListResponse. */
        class ListResponse {

            /**
             * Constructs a new ListResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ListResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ListResponse capsules. */
            capsules: gdp.v1.CapsuleSummary.$Properties[];

            /** ListResponse more. */
            more: boolean;

            /** ListResponse point. */
            point?: (gdp.v1.ListPoint.$Properties|null);

            /** ListResponse changesOnly. */
            changesOnly: boolean;

            /** ListResponse unlisted. */
            unlisted: Uint8Array[];

            /**
             * Creates a new ListResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ListResponse instance
             */
            static create(properties: gdp.v1.ListResponse.$Shape): gdp.v1.ListResponse & gdp.v1.ListResponse.$Shape;
            static create(properties?: gdp.v1.ListResponse.$Properties): gdp.v1.ListResponse;

            /**
             * Encodes the specified ListResponse message. Does not implicitly {@link gdp.v1.ListResponse.verify|verify} messages.
             * @param message ListResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ListResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ListResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ListResponse & gdp.v1.ListResponse.$Shape} ListResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ListResponse & gdp.v1.ListResponse.$Shape;

            /**
             * Gets the type url for ListResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ListResponse {

            /** Properties of a ListResponse. */
            interface $Properties {

                /** ListResponse capsules */
                capsules?: (gdp.v1.CapsuleSummary.$Properties[]|null);

                /** ListResponse more */
                more?: (boolean|null);

                /** ListResponse point */
                point?: (gdp.v1.ListPoint.$Properties|null);

                /** ListResponse changesOnly */
                changesOnly?: (boolean|null);

                /** ListResponse unlisted */
                unlisted?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ListResponse. */
            type $Shape = gdp.v1.ListResponse.$Properties;
        }

        /**
         * Properties of a CapsuleSummary.
         * @deprecated Use gdp.v1.CapsuleSummary.$Properties instead.
         */
        interface ICapsuleSummary extends gdp.v1.CapsuleSummary.$Properties {
        }

        /** Represents a CapsuleSummary. */
        class CapsuleSummary {

            /**
             * Constructs a new CapsuleSummary.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.CapsuleSummary.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** CapsuleSummary name. */
            name: Uint8Array;

            /** CapsuleSummary size. */
            size: (number);

            /** CapsuleSummary setDigest. */
            setDigest: Uint8Array;

            /**
             * Creates a new CapsuleSummary instance using the specified properties.
             * @param [properties] Properties to set
             * @returns CapsuleSummary instance
             */
            static create(properties: gdp.v1.CapsuleSummary.$Shape): gdp.v1.CapsuleSummary & gdp.v1.CapsuleSummary.$Shape;
            static create(properties?: gdp.v1.CapsuleSummary.$Properties): gdp.v1.CapsuleSummary;

            /**
             * Encodes the specified CapsuleSummary message. Does not implicitly {@link gdp.v1.CapsuleSummary.verify|verify} messages.
             * @param message CapsuleSummary message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.CapsuleSummary.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a CapsuleSummary message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.CapsuleSummary & gdp.v1.CapsuleSummary.$Shape} CapsuleSummary
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.CapsuleSummary & gdp.v1.CapsuleSummary.$Shape;

            /**
             * Gets the type url for CapsuleSummary
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace CapsuleSummary {

            /** Properties of a CapsuleSummary. */
            interface $Properties {

                /** CapsuleSummary name */
                name?: (Uint8Array|null);

                /** CapsuleSummary size */
                size?: (number|null);

                /** CapsuleSummary setDigest */
                setDigest?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a CapsuleSummary. */
            type $Shape = gdp.v1.CapsuleSummary.$Properties;
        }

        /**
         * Properties of a ProposeServersRequest.
         * @deprecated Use gdp.v1.ProposeServersRequest.$Properties instead.
         */
        interface IProposeServersRequest extends gdp.v1.ProposeServersRequest.$Properties {
        }

        /** Represents a ProposeServersRequest. */
        class ProposeServersRequest {

            /**
             * Constructs a new ProposeServersRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ProposeServersRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ProposeServersRequest count. */
            count: number;

            /** ProposeServersRequest spreadDomains. */
            spreadDomains: boolean;

            /** ProposeServersRequest salt. */
            salt: Uint8Array;

            /**
             * Creates a new ProposeServersRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ProposeServersRequest instance
             */
            static create(properties: gdp.v1.ProposeServersRequest.$Shape): gdp.v1.ProposeServersRequest & gdp.v1.ProposeServersRequest.$Shape;
            static create(properties?: gdp.v1.ProposeServersRequest.$Properties): gdp.v1.ProposeServersRequest;

            /**
             * Encodes the specified ProposeServersRequest message. Does not implicitly {@link gdp.v1.ProposeServersRequest.verify|verify} messages.
             * @param message ProposeServersRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ProposeServersRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ProposeServersRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ProposeServersRequest & gdp.v1.ProposeServersRequest.$Shape} ProposeServersRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ProposeServersRequest & gdp.v1.ProposeServersRequest.$Shape;

            /**
             * Gets the type url for ProposeServersRequest
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ProposeServersRequest {

            /** Properties of a ProposeServersRequest. */
            interface $Properties {

                /** ProposeServersRequest count */
                count?: (number|null);

                /** ProposeServersRequest spreadDomains */
                spreadDomains?: (boolean|null);

                /** ProposeServersRequest salt */
                salt?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ProposeServersRequest. */
            type $Shape = gdp.v1.ProposeServersRequest.$Properties;
        }

        /**
         * Properties of a ProposeServersResponse.
         * @deprecated Use gdp.v1.ProposeServersResponse.$Properties instead.
         */
        interface IProposeServersResponse extends gdp.v1.ProposeServersResponse.$Properties {
        }

        /** Represents a ProposeServersResponse. */
        class ProposeServersResponse {

            /**
             * Constructs a new ProposeServersResponse.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ProposeServersResponse.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ProposeServersResponse servers. */
            servers: gdp.v1.ProposedServer.$Properties[];

            /** ProposeServersResponse known. */
            known: number;

            /**
             * Creates a new ProposeServersResponse instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ProposeServersResponse instance
             */
            static create(properties: gdp.v1.ProposeServersResponse.$Shape): gdp.v1.ProposeServersResponse & gdp.v1.ProposeServersResponse.$Shape;
            static create(properties?: gdp.v1.ProposeServersResponse.$Properties): gdp.v1.ProposeServersResponse;

            /**
             * Encodes the specified ProposeServersResponse message. Does not implicitly {@link gdp.v1.ProposeServersResponse.verify|verify} messages.
             * @param message ProposeServersResponse message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ProposeServersResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ProposeServersResponse message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ProposeServersResponse & gdp.v1.ProposeServersResponse.$Shape} ProposeServersResponse
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ProposeServersResponse & gdp.v1.ProposeServersResponse.$Shape;

            /**
             * Gets the type url for ProposeServersResponse
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ProposeServersResponse {

            /** Properties of a ProposeServersResponse. */
            interface $Properties {

                /** ProposeServersResponse servers */
                servers?: (gdp.v1.ProposedServer.$Properties[]|null);

                /** ProposeServersResponse known */
                known?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ProposeServersResponse. */
            type $Shape = gdp.v1.ProposeServersResponse.$Properties;
        }

        /**
         * Properties of a ProposedServer.
         * @deprecated Use gdp.v1.ProposedServer.$Properties instead.
         */
        interface IProposedServer extends gdp.v1.ProposedServer.$Properties {
        }

        /** Represents a ProposedServer. */
        class ProposedServer {

            /**
             * Constructs a new ProposedServer.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ProposedServer.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ProposedServer server. */
            server: Uint8Array;

            /** ProposedServer via. */
            via: Uint8Array;

            /** ProposedServer cost. */
            cost: number;

            /** ProposedServer host. */
            host: number;

            /** ProposedServer domain. */
            domain: Uint8Array;

            /**
             * Creates a new ProposedServer instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ProposedServer instance
             */
            static create(properties: gdp.v1.ProposedServer.$Shape): gdp.v1.ProposedServer & gdp.v1.ProposedServer.$Shape;
            static create(properties?: gdp.v1.ProposedServer.$Properties): gdp.v1.ProposedServer;

            /**
             * Encodes the specified ProposedServer message. Does not implicitly {@link gdp.v1.ProposedServer.verify|verify} messages.
             * @param message ProposedServer message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ProposedServer.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ProposedServer message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ProposedServer & gdp.v1.ProposedServer.$Shape} ProposedServer
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ProposedServer & gdp.v1.ProposedServer.$Shape;

            /**
             * Gets the type url for ProposedServer
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ProposedServer {

            /** Properties of a ProposedServer. */
            interface $Properties {

                /** ProposedServer server */
                server?: (Uint8Array|null);

                /** ProposedServer via */
                via?: (Uint8Array|null);

                /** ProposedServer cost */
                cost?: (number|null);

                /** ProposedServer host */
                host?: (number|null);

                /** ProposedServer domain */
                domain?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ProposedServer. */
            type $Shape = gdp.v1.ProposedServer.$Properties;
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

            /** SignedAdCert delegation. */
            delegation?: (gdp.v1.SignedPlacementDelegation.$Properties|null);

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

                /** SignedAdCert delegation */
                delegation?: (gdp.v1.SignedPlacementDelegation.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedAdCert. */
            type $Shape = gdp.v1.SignedAdCert.$Properties;
        }

        /**
         * Properties of a ReplicaSet.
         * @deprecated Use gdp.v1.ReplicaSet.$Properties instead.
         */
        interface IReplicaSet extends gdp.v1.ReplicaSet.$Properties {
        }

        /** Represents a ReplicaSet. */
        class ReplicaSet {

            /**
             * Constructs a new ReplicaSet.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ReplicaSet.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReplicaSet adcerts. */
            adcerts: gdp.v1.SignedAdCert.$Properties[];

            /** ReplicaSet removals. */
            removals: gdp.v1.SignedCapsuleDeletion.$Properties[];

            /** ReplicaSet delegations. */
            delegations: gdp.v1.SignedPlacementDelegation.$Properties[];

            /**
             * Creates a new ReplicaSet instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReplicaSet instance
             */
            static create(properties: gdp.v1.ReplicaSet.$Shape): gdp.v1.ReplicaSet & gdp.v1.ReplicaSet.$Shape;
            static create(properties?: gdp.v1.ReplicaSet.$Properties): gdp.v1.ReplicaSet;

            /**
             * Encodes the specified ReplicaSet message. Does not implicitly {@link gdp.v1.ReplicaSet.verify|verify} messages.
             * @param message ReplicaSet message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ReplicaSet.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReplicaSet message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ReplicaSet & gdp.v1.ReplicaSet.$Shape} ReplicaSet
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ReplicaSet & gdp.v1.ReplicaSet.$Shape;

            /**
             * Gets the type url for ReplicaSet
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ReplicaSet {

            /** Properties of a ReplicaSet. */
            interface $Properties {

                /** ReplicaSet adcerts */
                adcerts?: (gdp.v1.SignedAdCert.$Properties[]|null);

                /** ReplicaSet removals */
                removals?: (gdp.v1.SignedCapsuleDeletion.$Properties[]|null);

                /** ReplicaSet delegations */
                delegations?: (gdp.v1.SignedPlacementDelegation.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReplicaSet. */
            type $Shape = gdp.v1.ReplicaSet.$Properties;
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

            /** Advertisement added. */
            added: gdp.v1.AdvertisedCapsule.$Properties[];

            /** Advertisement withdrawn. */
            withdrawn: Uint8Array[];

            /** Advertisement set. */
            set?: (gdp.v1.AdvertisedSet.$Properties|null);

            /** Advertisement snapshot. */
            snapshot?: (gdp.v1.AdvertisementSnapshot.$Properties|null);

            /** Advertisement leaving. */
            leaving: boolean;

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

                /** Advertisement added */
                added?: (gdp.v1.AdvertisedCapsule.$Properties[]|null);

                /** Advertisement withdrawn */
                withdrawn?: (Uint8Array[]|null);

                /** Advertisement set */
                set?: (gdp.v1.AdvertisedSet.$Properties|null);

                /** Advertisement snapshot */
                snapshot?: (gdp.v1.AdvertisementSnapshot.$Properties|null);

                /** Advertisement leaving */
                leaving?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Advertisement. */
            type $Shape = gdp.v1.Advertisement.$Properties;
        }

        /**
         * Properties of an AdvertisedSet.
         * @deprecated Use gdp.v1.AdvertisedSet.$Properties instead.
         */
        interface IAdvertisedSet extends gdp.v1.AdvertisedSet.$Properties {
        }

        /** Represents an AdvertisedSet. */
        class AdvertisedSet {

            /**
             * Constructs a new AdvertisedSet.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AdvertisedSet.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdvertisedSet count. */
            count: (number);

            /** AdvertisedSet digest. */
            digest: Uint8Array;

            /**
             * Creates a new AdvertisedSet instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdvertisedSet instance
             */
            static create(properties: gdp.v1.AdvertisedSet.$Shape): gdp.v1.AdvertisedSet & gdp.v1.AdvertisedSet.$Shape;
            static create(properties?: gdp.v1.AdvertisedSet.$Properties): gdp.v1.AdvertisedSet;

            /**
             * Encodes the specified AdvertisedSet message. Does not implicitly {@link gdp.v1.AdvertisedSet.verify|verify} messages.
             * @param message AdvertisedSet message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AdvertisedSet.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdvertisedSet message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisedSet & gdp.v1.AdvertisedSet.$Shape} AdvertisedSet
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AdvertisedSet & gdp.v1.AdvertisedSet.$Shape;

            /**
             * Gets the type url for AdvertisedSet
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AdvertisedSet {

            /** Properties of an AdvertisedSet. */
            interface $Properties {

                /** AdvertisedSet count */
                count?: (number|null);

                /** AdvertisedSet digest */
                digest?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AdvertisedSet. */
            type $Shape = gdp.v1.AdvertisedSet.$Properties;
        }

        /**
         * Properties of an AdvertisementSnapshot.
         * @deprecated Use gdp.v1.AdvertisementSnapshot.$Properties instead.
         */
        interface IAdvertisementSnapshot extends gdp.v1.AdvertisementSnapshot.$Properties {
        }

        /** Represents an AdvertisementSnapshot. */
        class AdvertisementSnapshot {

            /**
             * Constructs a new AdvertisementSnapshot.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AdvertisementSnapshot.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdvertisementSnapshot firstSequence. */
            firstSequence: (number);

            /** AdvertisementSnapshot last. */
            last: boolean;

            /**
             * Creates a new AdvertisementSnapshot instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdvertisementSnapshot instance
             */
            static create(properties: gdp.v1.AdvertisementSnapshot.$Shape): gdp.v1.AdvertisementSnapshot & gdp.v1.AdvertisementSnapshot.$Shape;
            static create(properties?: gdp.v1.AdvertisementSnapshot.$Properties): gdp.v1.AdvertisementSnapshot;

            /**
             * Encodes the specified AdvertisementSnapshot message. Does not implicitly {@link gdp.v1.AdvertisementSnapshot.verify|verify} messages.
             * @param message AdvertisementSnapshot message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AdvertisementSnapshot.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdvertisementSnapshot message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisementSnapshot & gdp.v1.AdvertisementSnapshot.$Shape} AdvertisementSnapshot
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AdvertisementSnapshot & gdp.v1.AdvertisementSnapshot.$Shape;

            /**
             * Gets the type url for AdvertisementSnapshot
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AdvertisementSnapshot {

            /** Properties of an AdvertisementSnapshot. */
            interface $Properties {

                /** AdvertisementSnapshot firstSequence */
                firstSequence?: (number|null);

                /** AdvertisementSnapshot last */
                last?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AdvertisementSnapshot. */
            type $Shape = gdp.v1.AdvertisementSnapshot.$Properties;
        }

        /**
         * Properties of an AdvertisementResync.
         * @deprecated Use gdp.v1.AdvertisementResync.$Properties instead.
         */
        interface IAdvertisementResync extends gdp.v1.AdvertisementResync.$Properties {
        }

        /** Represents an AdvertisementResync. */
        class AdvertisementResync {

            /**
             * Constructs a new AdvertisementResync.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.AdvertisementResync.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** AdvertisementResync server. */
            server: Uint8Array;

            /** AdvertisementResync reason. */
            reason: string;

            /**
             * Creates a new AdvertisementResync instance using the specified properties.
             * @param [properties] Properties to set
             * @returns AdvertisementResync instance
             */
            static create(properties: gdp.v1.AdvertisementResync.$Shape): gdp.v1.AdvertisementResync & gdp.v1.AdvertisementResync.$Shape;
            static create(properties?: gdp.v1.AdvertisementResync.$Properties): gdp.v1.AdvertisementResync;

            /**
             * Encodes the specified AdvertisementResync message. Does not implicitly {@link gdp.v1.AdvertisementResync.verify|verify} messages.
             * @param message AdvertisementResync message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.AdvertisementResync.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an AdvertisementResync message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.AdvertisementResync & gdp.v1.AdvertisementResync.$Shape} AdvertisementResync
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.AdvertisementResync & gdp.v1.AdvertisementResync.$Shape;

            /**
             * Gets the type url for AdvertisementResync
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace AdvertisementResync {

            /** Properties of an AdvertisementResync. */
            interface $Properties {

                /** AdvertisementResync server */
                server?: (Uint8Array|null);

                /** AdvertisementResync reason */
                reason?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an AdvertisementResync. */
            type $Shape = gdp.v1.AdvertisementResync.$Properties;
        }

        /**
         * Properties of a SnapshotAck.
         * @deprecated Use gdp.v1.SnapshotAck.$Properties instead.
         */
        interface ISnapshotAck extends gdp.v1.SnapshotAck.$Properties {
        }

        /** Represents a SnapshotAck. */
        class SnapshotAck {

            /**
             * Constructs a new SnapshotAck.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SnapshotAck.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SnapshotAck sequence. */
            sequence: (number);

            /** SnapshotAck error. */
            error: string;

            /** SnapshotAck warning. */
            warning: string;

            /**
             * Creates a new SnapshotAck instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SnapshotAck instance
             */
            static create(properties: gdp.v1.SnapshotAck.$Shape): gdp.v1.SnapshotAck & gdp.v1.SnapshotAck.$Shape;
            static create(properties?: gdp.v1.SnapshotAck.$Properties): gdp.v1.SnapshotAck;

            /**
             * Encodes the specified SnapshotAck message. Does not implicitly {@link gdp.v1.SnapshotAck.verify|verify} messages.
             * @param message SnapshotAck message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SnapshotAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SnapshotAck message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SnapshotAck & gdp.v1.SnapshotAck.$Shape} SnapshotAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SnapshotAck & gdp.v1.SnapshotAck.$Shape;

            /**
             * Gets the type url for SnapshotAck
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SnapshotAck {

            /** Properties of a SnapshotAck. */
            interface $Properties {

                /** SnapshotAck sequence */
                sequence?: (number|null);

                /** SnapshotAck error */
                error?: (string|null);

                /** SnapshotAck warning */
                warning?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SnapshotAck. */
            type $Shape = gdp.v1.SnapshotAck.$Properties;
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
         * Properties of a RouteAnnouncement.
         * @deprecated Use gdp.v1.RouteAnnouncement.$Properties instead.
         */
        interface IRouteAnnouncement extends gdp.v1.RouteAnnouncement.$Properties {
        }

        /** Represents a RouteAnnouncement. */
        class RouteAnnouncement {

            /**
             * Constructs a new RouteAnnouncement.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.RouteAnnouncement.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RouteAnnouncement routerKey. */
            routerKey?: (gdp.v1.PublicKey.$Properties|null);

            /** RouteAnnouncement parent. */
            parent: Uint8Array;

            /** RouteAnnouncement sequence. */
            sequence: (number);

            /** RouteAnnouncement issuedAtUs. */
            issuedAtUs: (number);

            /** RouteAnnouncement expiresAtUs. */
            expiresAtUs: (number);

            /** RouteAnnouncement membership. */
            membership?: (gdp.v1.SignedDomainMembership.$Properties|null);

            /** RouteAnnouncement advertisements. */
            advertisements: gdp.v1.SignedAdvertisement.$Properties[];

            /** RouteAnnouncement cost. */
            cost: number;

            /** RouteAnnouncement leaving. */
            leaving: boolean;

            /** RouteAnnouncement lostServers. */
            lostServers: Uint8Array[];

            /**
             * Creates a new RouteAnnouncement instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RouteAnnouncement instance
             */
            static create(properties: gdp.v1.RouteAnnouncement.$Shape): gdp.v1.RouteAnnouncement & gdp.v1.RouteAnnouncement.$Shape;
            static create(properties?: gdp.v1.RouteAnnouncement.$Properties): gdp.v1.RouteAnnouncement;

            /**
             * Encodes the specified RouteAnnouncement message. Does not implicitly {@link gdp.v1.RouteAnnouncement.verify|verify} messages.
             * @param message RouteAnnouncement message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.RouteAnnouncement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RouteAnnouncement message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.RouteAnnouncement & gdp.v1.RouteAnnouncement.$Shape} RouteAnnouncement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.RouteAnnouncement & gdp.v1.RouteAnnouncement.$Shape;

            /**
             * Gets the type url for RouteAnnouncement
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RouteAnnouncement {

            /** Properties of a RouteAnnouncement. */
            interface $Properties {

                /** RouteAnnouncement routerKey */
                routerKey?: (gdp.v1.PublicKey.$Properties|null);

                /** RouteAnnouncement parent */
                parent?: (Uint8Array|null);

                /** RouteAnnouncement sequence */
                sequence?: (number|null);

                /** RouteAnnouncement issuedAtUs */
                issuedAtUs?: (number|null);

                /** RouteAnnouncement expiresAtUs */
                expiresAtUs?: (number|null);

                /** RouteAnnouncement membership */
                membership?: (gdp.v1.SignedDomainMembership.$Properties|null);

                /** RouteAnnouncement advertisements */
                advertisements?: (gdp.v1.SignedAdvertisement.$Properties[]|null);

                /** RouteAnnouncement cost */
                cost?: (number|null);

                /** RouteAnnouncement leaving */
                leaving?: (boolean|null);

                /** RouteAnnouncement lostServers */
                lostServers?: (Uint8Array[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RouteAnnouncement. */
            type $Shape = gdp.v1.RouteAnnouncement.$Properties;
        }

        /**
         * Properties of a SignedRouteAnnouncement.
         * @deprecated Use gdp.v1.SignedRouteAnnouncement.$Properties instead.
         */
        interface ISignedRouteAnnouncement extends gdp.v1.SignedRouteAnnouncement.$Properties {
        }

        /** Represents a SignedRouteAnnouncement. */
        class SignedRouteAnnouncement {

            /**
             * Constructs a new SignedRouteAnnouncement.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.SignedRouteAnnouncement.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** SignedRouteAnnouncement announcement. */
            announcement?: (gdp.v1.RouteAnnouncement.$Properties|null);

            /** SignedRouteAnnouncement routerSignature. */
            routerSignature: Uint8Array;

            /**
             * Creates a new SignedRouteAnnouncement instance using the specified properties.
             * @param [properties] Properties to set
             * @returns SignedRouteAnnouncement instance
             */
            static create(properties: gdp.v1.SignedRouteAnnouncement.$Shape): gdp.v1.SignedRouteAnnouncement & gdp.v1.SignedRouteAnnouncement.$Shape;
            static create(properties?: gdp.v1.SignedRouteAnnouncement.$Properties): gdp.v1.SignedRouteAnnouncement;

            /**
             * Encodes the specified SignedRouteAnnouncement message. Does not implicitly {@link gdp.v1.SignedRouteAnnouncement.verify|verify} messages.
             * @param message SignedRouteAnnouncement message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.SignedRouteAnnouncement.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a SignedRouteAnnouncement message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.SignedRouteAnnouncement & gdp.v1.SignedRouteAnnouncement.$Shape} SignedRouteAnnouncement
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.SignedRouteAnnouncement & gdp.v1.SignedRouteAnnouncement.$Shape;

            /**
             * Gets the type url for SignedRouteAnnouncement
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace SignedRouteAnnouncement {

            /** Properties of a SignedRouteAnnouncement. */
            interface $Properties {

                /** SignedRouteAnnouncement announcement */
                announcement?: (gdp.v1.RouteAnnouncement.$Properties|null);

                /** SignedRouteAnnouncement routerSignature */
                routerSignature?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a SignedRouteAnnouncement. */
            type $Shape = gdp.v1.SignedRouteAnnouncement.$Properties;
        }

        /**
         * Properties of a LookupRecord.
         * @deprecated Use gdp.v1.LookupRecord.$Properties instead.
         */
        interface ILookupRecord extends gdp.v1.LookupRecord.$Properties {
        }

        /** Represents a LookupRecord. */
        class LookupRecord {

            /**
             * Constructs a new LookupRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.LookupRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LookupRecord advertisement. */
            advertisement?: (gdp.v1.SignedAdvertisement.$Properties|null);

            /** LookupRecord capsule. */
            capsule?: (gdp.v1.AdvertisedCapsule.$Properties|null);

            /** LookupRecord routerAddresses. */
            routerAddresses: string[];

            /** LookupRecord routerSignature. */
            routerSignature: Uint8Array;

            /** LookupRecord statement. */
            statement?: ("advertisement"|"capsule");

            /**
             * Creates a new LookupRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LookupRecord instance
             */
            static create(properties: gdp.v1.LookupRecord.$Shape): gdp.v1.LookupRecord & gdp.v1.LookupRecord.$Shape;
            static create(properties?: gdp.v1.LookupRecord.$Properties): gdp.v1.LookupRecord;

            /**
             * Encodes the specified LookupRecord message. Does not implicitly {@link gdp.v1.LookupRecord.verify|verify} messages.
             * @param message LookupRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.LookupRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LookupRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.LookupRecord & gdp.v1.LookupRecord.$Shape} LookupRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.LookupRecord & gdp.v1.LookupRecord.$Shape;

            /**
             * Gets the type url for LookupRecord
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace LookupRecord {

            /** Properties of a LookupRecord. */
            interface $Properties {

                /** LookupRecord advertisement */
                advertisement?: (gdp.v1.SignedAdvertisement.$Properties|null);

                /** LookupRecord capsule */
                capsule?: (gdp.v1.AdvertisedCapsule.$Properties|null);

                /** LookupRecord routerAddresses */
                routerAddresses?: (string[]|null);

                /** LookupRecord routerSignature */
                routerSignature?: (Uint8Array|null);

                /** LookupRecord statement */
                statement?: ("advertisement"|"capsule");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a LookupRecord. */
            type $Shape = {
              advertisement?: gdp.v1.SignedAdvertisement.$Shape|null;
              capsule?: gdp.v1.AdvertisedCapsule.$Shape|null;
              routerAddresses?: string[]|null;
              routerSignature?: Uint8Array|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ statement?: undefined; advertisement?: null; capsule?: null }|{ statement?: "advertisement"; advertisement: gdp.v1.SignedAdvertisement.$Shape; capsule?: null }|{ statement?: "capsule"; advertisement?: null; capsule: gdp.v1.AdvertisedCapsule.$Shape })
            );
        }

        /**
         * Properties of a RouterState.
         * @deprecated Use gdp.v1.RouterState.$Properties instead.
         */
        interface IRouterState extends gdp.v1.RouterState.$Properties {
        }

        /** Represents a RouterState. */
        class RouterState {

            /**
             * Constructs a new RouterState.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.RouterState.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RouterState sets. */
            sets: gdp.v1.ServerSetState.$Properties[];

            /** RouterState sequences. */
            sequences: gdp.v1.LastSequence.$Properties[];

            /** RouterState exportedAtUs. */
            exportedAtUs: (number);

            /** RouterState lookup. */
            lookup?: (gdp.v1.LookupState.$Properties|null);

            /**
             * Creates a new RouterState instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RouterState instance
             */
            static create(properties: gdp.v1.RouterState.$Shape): gdp.v1.RouterState & gdp.v1.RouterState.$Shape;
            static create(properties?: gdp.v1.RouterState.$Properties): gdp.v1.RouterState;

            /**
             * Encodes the specified RouterState message. Does not implicitly {@link gdp.v1.RouterState.verify|verify} messages.
             * @param message RouterState message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.RouterState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RouterState message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.RouterState & gdp.v1.RouterState.$Shape} RouterState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.RouterState & gdp.v1.RouterState.$Shape;

            /**
             * Gets the type url for RouterState
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RouterState {

            /** Properties of a RouterState. */
            interface $Properties {

                /** RouterState sets */
                sets?: (gdp.v1.ServerSetState.$Properties[]|null);

                /** RouterState sequences */
                sequences?: (gdp.v1.LastSequence.$Properties[]|null);

                /** RouterState exportedAtUs */
                exportedAtUs?: (number|null);

                /** RouterState lookup */
                lookup?: (gdp.v1.LookupState.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RouterState. */
            type $Shape = gdp.v1.RouterState.$Properties;
        }

        /**
         * Properties of a LookupState.
         * @deprecated Use gdp.v1.LookupState.$Properties instead.
         */
        interface ILookupState extends gdp.v1.LookupState.$Properties {
        }

        /** Represents a LookupState. */
        class LookupState {

            /**
             * Constructs a new LookupState.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.LookupState.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LookupState servers. */
            servers: gdp.v1.HeldServerRecord.$Properties[];

            /** LookupState capsules. */
            capsules: gdp.v1.HeldCapsuleRecord.$Properties[];

            /** LookupState dhtRecords. */
            dhtRecords: gdp.v1.StoredDhtRecord.$Properties[];

            /**
             * Creates a new LookupState instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LookupState instance
             */
            static create(properties: gdp.v1.LookupState.$Shape): gdp.v1.LookupState & gdp.v1.LookupState.$Shape;
            static create(properties?: gdp.v1.LookupState.$Properties): gdp.v1.LookupState;

            /**
             * Encodes the specified LookupState message. Does not implicitly {@link gdp.v1.LookupState.verify|verify} messages.
             * @param message LookupState message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.LookupState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LookupState message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.LookupState & gdp.v1.LookupState.$Shape} LookupState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.LookupState & gdp.v1.LookupState.$Shape;

            /**
             * Gets the type url for LookupState
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace LookupState {

            /** Properties of a LookupState. */
            interface $Properties {

                /** LookupState servers */
                servers?: (gdp.v1.HeldServerRecord.$Properties[]|null);

                /** LookupState capsules */
                capsules?: (gdp.v1.HeldCapsuleRecord.$Properties[]|null);

                /** LookupState dhtRecords */
                dhtRecords?: (gdp.v1.StoredDhtRecord.$Properties[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LookupState. */
            type $Shape = gdp.v1.LookupState.$Properties;
        }

        /**
         * Properties of a HeldServerRecord.
         * @deprecated Use gdp.v1.HeldServerRecord.$Properties instead.
         */
        interface IHeldServerRecord extends gdp.v1.HeldServerRecord.$Properties {
        }

        /** Represents a HeldServerRecord. */
        class HeldServerRecord {

            /**
             * Constructs a new HeldServerRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.HeldServerRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HeldServerRecord server. */
            server: Uint8Array;

            /** HeldServerRecord proof. */
            proof?: (gdp.v1.SignedAdvertisement.$Properties|null);

            /** HeldServerRecord heardUntilUs. */
            heardUntilUs: (number);

            /**
             * Creates a new HeldServerRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HeldServerRecord instance
             */
            static create(properties: gdp.v1.HeldServerRecord.$Shape): gdp.v1.HeldServerRecord & gdp.v1.HeldServerRecord.$Shape;
            static create(properties?: gdp.v1.HeldServerRecord.$Properties): gdp.v1.HeldServerRecord;

            /**
             * Encodes the specified HeldServerRecord message. Does not implicitly {@link gdp.v1.HeldServerRecord.verify|verify} messages.
             * @param message HeldServerRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.HeldServerRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HeldServerRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.HeldServerRecord & gdp.v1.HeldServerRecord.$Shape} HeldServerRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.HeldServerRecord & gdp.v1.HeldServerRecord.$Shape;

            /**
             * Gets the type url for HeldServerRecord
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace HeldServerRecord {

            /** Properties of a HeldServerRecord. */
            interface $Properties {

                /** HeldServerRecord server */
                server?: (Uint8Array|null);

                /** HeldServerRecord proof */
                proof?: (gdp.v1.SignedAdvertisement.$Properties|null);

                /** HeldServerRecord heardUntilUs */
                heardUntilUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HeldServerRecord. */
            type $Shape = gdp.v1.HeldServerRecord.$Properties;
        }

        /**
         * Properties of a HeldCapsuleRecord.
         * @deprecated Use gdp.v1.HeldCapsuleRecord.$Properties instead.
         */
        interface IHeldCapsuleRecord extends gdp.v1.HeldCapsuleRecord.$Properties {
        }

        /** Represents a HeldCapsuleRecord. */
        class HeldCapsuleRecord {

            /**
             * Constructs a new HeldCapsuleRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.HeldCapsuleRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** HeldCapsuleRecord capsule. */
            capsule: Uint8Array;

            /** HeldCapsuleRecord server. */
            server: Uint8Array;

            /** HeldCapsuleRecord record. */
            record: Uint8Array;

            /** HeldCapsuleRecord notAfterUs. */
            notAfterUs: (number);

            /** HeldCapsuleRecord dueAtUs. */
            dueAtUs: (number);

            /**
             * Creates a new HeldCapsuleRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns HeldCapsuleRecord instance
             */
            static create(properties: gdp.v1.HeldCapsuleRecord.$Shape): gdp.v1.HeldCapsuleRecord & gdp.v1.HeldCapsuleRecord.$Shape;
            static create(properties?: gdp.v1.HeldCapsuleRecord.$Properties): gdp.v1.HeldCapsuleRecord;

            /**
             * Encodes the specified HeldCapsuleRecord message. Does not implicitly {@link gdp.v1.HeldCapsuleRecord.verify|verify} messages.
             * @param message HeldCapsuleRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.HeldCapsuleRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a HeldCapsuleRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.HeldCapsuleRecord & gdp.v1.HeldCapsuleRecord.$Shape} HeldCapsuleRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.HeldCapsuleRecord & gdp.v1.HeldCapsuleRecord.$Shape;

            /**
             * Gets the type url for HeldCapsuleRecord
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace HeldCapsuleRecord {

            /** Properties of a HeldCapsuleRecord. */
            interface $Properties {

                /** HeldCapsuleRecord capsule */
                capsule?: (Uint8Array|null);

                /** HeldCapsuleRecord server */
                server?: (Uint8Array|null);

                /** HeldCapsuleRecord record */
                record?: (Uint8Array|null);

                /** HeldCapsuleRecord notAfterUs */
                notAfterUs?: (number|null);

                /** HeldCapsuleRecord dueAtUs */
                dueAtUs?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a HeldCapsuleRecord. */
            type $Shape = gdp.v1.HeldCapsuleRecord.$Properties;
        }

        /**
         * Properties of a StoredDhtRecord.
         * @deprecated Use gdp.v1.StoredDhtRecord.$Properties instead.
         */
        interface IStoredDhtRecord extends gdp.v1.StoredDhtRecord.$Properties {
        }

        /** Represents a StoredDhtRecord. */
        class StoredDhtRecord {

            /**
             * Constructs a new StoredDhtRecord.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.StoredDhtRecord.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** StoredDhtRecord key. */
            key: string;

            /** StoredDhtRecord value. */
            value: Uint8Array;

            /**
             * Creates a new StoredDhtRecord instance using the specified properties.
             * @param [properties] Properties to set
             * @returns StoredDhtRecord instance
             */
            static create(properties: gdp.v1.StoredDhtRecord.$Shape): gdp.v1.StoredDhtRecord & gdp.v1.StoredDhtRecord.$Shape;
            static create(properties?: gdp.v1.StoredDhtRecord.$Properties): gdp.v1.StoredDhtRecord;

            /**
             * Encodes the specified StoredDhtRecord message. Does not implicitly {@link gdp.v1.StoredDhtRecord.verify|verify} messages.
             * @param message StoredDhtRecord message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.StoredDhtRecord.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a StoredDhtRecord message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.StoredDhtRecord & gdp.v1.StoredDhtRecord.$Shape} StoredDhtRecord
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.StoredDhtRecord & gdp.v1.StoredDhtRecord.$Shape;

            /**
             * Gets the type url for StoredDhtRecord
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace StoredDhtRecord {

            /** Properties of a StoredDhtRecord. */
            interface $Properties {

                /** StoredDhtRecord key */
                key?: (string|null);

                /** StoredDhtRecord value */
                value?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a StoredDhtRecord. */
            type $Shape = gdp.v1.StoredDhtRecord.$Properties;
        }

        /**
         * Properties of a ServerSetState.
         * @deprecated Use gdp.v1.ServerSetState.$Properties instead.
         */
        interface IServerSetState extends gdp.v1.ServerSetState.$Properties {
        }

        /** Represents a ServerSetState. */
        class ServerSetState {

            /**
             * Constructs a new ServerSetState.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.ServerSetState.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ServerSetState server. */
            server: Uint8Array;

            /** ServerSetState nextHop. */
            nextHop: Uint8Array;

            /** ServerSetState origin. */
            origin: string;

            /** ServerSetState cost. */
            cost: number;

            /** ServerSetState expiresAtUs. */
            expiresAtUs: (number);

            /** ServerSetState domain. */
            domain: Uint8Array;

            /** ServerSetState members. */
            members: Uint8Array;

            /**
             * Creates a new ServerSetState instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ServerSetState instance
             */
            static create(properties: gdp.v1.ServerSetState.$Shape): gdp.v1.ServerSetState & gdp.v1.ServerSetState.$Shape;
            static create(properties?: gdp.v1.ServerSetState.$Properties): gdp.v1.ServerSetState;

            /**
             * Encodes the specified ServerSetState message. Does not implicitly {@link gdp.v1.ServerSetState.verify|verify} messages.
             * @param message ServerSetState message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.ServerSetState.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ServerSetState message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.ServerSetState & gdp.v1.ServerSetState.$Shape} ServerSetState
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.ServerSetState & gdp.v1.ServerSetState.$Shape;

            /**
             * Gets the type url for ServerSetState
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace ServerSetState {

            /** Properties of a ServerSetState. */
            interface $Properties {

                /** ServerSetState server */
                server?: (Uint8Array|null);

                /** ServerSetState nextHop */
                nextHop?: (Uint8Array|null);

                /** ServerSetState origin */
                origin?: (string|null);

                /** ServerSetState cost */
                cost?: (number|null);

                /** ServerSetState expiresAtUs */
                expiresAtUs?: (number|null);

                /** ServerSetState domain */
                domain?: (Uint8Array|null);

                /** ServerSetState members */
                members?: (Uint8Array|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ServerSetState. */
            type $Shape = gdp.v1.ServerSetState.$Properties;
        }

        /**
         * Properties of a LastSequence.
         * @deprecated Use gdp.v1.LastSequence.$Properties instead.
         */
        interface ILastSequence extends gdp.v1.LastSequence.$Properties {
        }

        /** Represents a LastSequence. */
        class LastSequence {

            /**
             * Constructs a new LastSequence.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.LastSequence.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LastSequence name. */
            name: Uint8Array;

            /** LastSequence sequence. */
            sequence: (number);

            /**
             * Creates a new LastSequence instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LastSequence instance
             */
            static create(properties: gdp.v1.LastSequence.$Shape): gdp.v1.LastSequence & gdp.v1.LastSequence.$Shape;
            static create(properties?: gdp.v1.LastSequence.$Properties): gdp.v1.LastSequence;

            /**
             * Encodes the specified LastSequence message. Does not implicitly {@link gdp.v1.LastSequence.verify|verify} messages.
             * @param message LastSequence message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.LastSequence.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LastSequence message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.LastSequence & gdp.v1.LastSequence.$Shape} LastSequence
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.LastSequence & gdp.v1.LastSequence.$Shape;

            /**
             * Gets the type url for LastSequence
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace LastSequence {

            /** Properties of a LastSequence. */
            interface $Properties {

                /** LastSequence name */
                name?: (Uint8Array|null);

                /** LastSequence sequence */
                sequence?: (number|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LastSequence. */
            type $Shape = gdp.v1.LastSequence.$Properties;
        }

        /**
         * Properties of a RouterMoveCommit.
         * @deprecated Use gdp.v1.RouterMoveCommit.$Properties instead.
         */
        interface IRouterMoveCommit extends gdp.v1.RouterMoveCommit.$Properties {
        }

        /** Represents a RouterMoveCommit. */
        class RouterMoveCommit {

            /**
             * Constructs a new RouterMoveCommit.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.RouterMoveCommit.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RouterMoveCommit token. */
            token: Uint8Array;

            /** RouterMoveCommit abort. */
            abort: boolean;

            /**
             * Creates a new RouterMoveCommit instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RouterMoveCommit instance
             */
            static create(properties: gdp.v1.RouterMoveCommit.$Shape): gdp.v1.RouterMoveCommit & gdp.v1.RouterMoveCommit.$Shape;
            static create(properties?: gdp.v1.RouterMoveCommit.$Properties): gdp.v1.RouterMoveCommit;

            /**
             * Encodes the specified RouterMoveCommit message. Does not implicitly {@link gdp.v1.RouterMoveCommit.verify|verify} messages.
             * @param message RouterMoveCommit message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.RouterMoveCommit.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RouterMoveCommit message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.RouterMoveCommit & gdp.v1.RouterMoveCommit.$Shape} RouterMoveCommit
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.RouterMoveCommit & gdp.v1.RouterMoveCommit.$Shape;

            /**
             * Gets the type url for RouterMoveCommit
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RouterMoveCommit {

            /** Properties of a RouterMoveCommit. */
            interface $Properties {

                /** RouterMoveCommit token */
                token?: (Uint8Array|null);

                /** RouterMoveCommit abort */
                abort?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RouterMoveCommit. */
            type $Shape = gdp.v1.RouterMoveCommit.$Properties;
        }

        /**
         * Properties of a RouterMoveCommitted.
         * @deprecated Use gdp.v1.RouterMoveCommitted.$Properties instead.
         */
        interface IRouterMoveCommitted extends gdp.v1.RouterMoveCommitted.$Properties {
        }

        /** Represents a RouterMoveCommitted. */
        class RouterMoveCommitted {

            /**
             * Constructs a new RouterMoveCommitted.
             * @param [properties] Properties to set
             */
            constructor(properties?: gdp.v1.RouterMoveCommitted.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** RouterMoveCommitted committed. */
            committed: boolean;

            /** RouterMoveCommitted error. */
            error: string;

            /**
             * Creates a new RouterMoveCommitted instance using the specified properties.
             * @param [properties] Properties to set
             * @returns RouterMoveCommitted instance
             */
            static create(properties: gdp.v1.RouterMoveCommitted.$Shape): gdp.v1.RouterMoveCommitted & gdp.v1.RouterMoveCommitted.$Shape;
            static create(properties?: gdp.v1.RouterMoveCommitted.$Properties): gdp.v1.RouterMoveCommitted;

            /**
             * Encodes the specified RouterMoveCommitted message. Does not implicitly {@link gdp.v1.RouterMoveCommitted.verify|verify} messages.
             * @param message RouterMoveCommitted message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: gdp.v1.RouterMoveCommitted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a RouterMoveCommitted message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {gdp.v1.RouterMoveCommitted & gdp.v1.RouterMoveCommitted.$Shape} RouterMoveCommitted
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): gdp.v1.RouterMoveCommitted & gdp.v1.RouterMoveCommitted.$Shape;

            /**
             * Gets the type url for RouterMoveCommitted
             * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
             * @returns The type url
             */
            static getTypeUrl(prefix?: string): string;
        }

        namespace RouterMoveCommitted {

            /** Properties of a RouterMoveCommitted. */
            interface $Properties {

                /** RouterMoveCommitted committed */
                committed?: (boolean|null);

                /** RouterMoveCommitted error */
                error?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a RouterMoveCommitted. */
            type $Shape = gdp.v1.RouterMoveCommitted.$Properties;
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
