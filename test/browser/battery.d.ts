// Types for battery.js (plain JS so that a browser page and a node:vm context can load it as is).
export declare const HASH_LENGTHS: readonly number[];
export declare const SHAKE_OUT: readonly number[];
export declare const GROUPS: Readonly<Record<GroupName, readonly string[]>>;
export type GroupName = "hash" | "math" | "mldsa" | "packet" | "audit" | "ledger";

export interface MldsaCase {
  readonly name: string;
  readonly level: 44 | 65 | 87;
  readonly publicKey: string;
  readonly message: string;
  readonly signature: string;
  readonly context?: string;
}

export interface Fixture {
  readonly mldsa: readonly MldsaCase[];
  readonly packet: {
    readonly bytes: string;
    readonly keys: readonly { readonly keyId: string; readonly level: 44 | 65 | 87; readonly publicKey: string }[];
  };
  /** Proofs over the AUDIT_ENTRIES entries, and a checkpoint of the whole log signed with ML-DSA-87. */
  readonly audit: {
    readonly inclusionIndex: number;
    readonly inclusion: string;
    readonly consistency: string;
    readonly checkpoint: string;
    readonly signature: string;
    readonly publicKey: string;
  };
  /** A genesis and batches of SDK-signed packets (integers as decimal strings), and accounts to read back. */
  readonly ledger: {
    readonly genesis: {
      readonly chainId: number;
      readonly timeMs: string;
      readonly keys: readonly { readonly publicKey: string; readonly roles: number }[];
    };
    readonly batches: readonly { readonly seq: string; readonly timeMs: string; readonly packets: readonly string[] }[];
    readonly accounts: readonly string[];
  };
}

export type Canon = string | number | boolean | null | Canon[] | { [k: string]: Canon };

export interface BatteryResult {
  readonly exports: string[];
  readonly constants: Record<string, Canon>;
  readonly present: Record<GroupName, boolean>;
  readonly hash: Record<string, Canon> | null;
  readonly math: Record<string, Canon> | null;
  readonly mldsa: Record<string, Canon> | null;
  readonly packet: Record<string, Canon> | null;
  readonly audit: Record<string, Canon> | null;
  readonly ledger: Record<string, Canon> | null;
}

export declare const AUDIT_ENTRIES: number;
export declare function auditEntry(i: number): Uint8Array;
export declare function input(n: number, salt: number): Uint8Array;
export declare function toHex(bytes: Uint8Array): string;
export declare function fromHex(hex: string): Uint8Array;
export declare function canon(x: unknown): Canon;
export declare function present(api: object): Record<GroupName, boolean>;
export declare function runBattery(api: object, fixture: Fixture): Promise<BatteryResult>;
