// Constants of the ledger state machine: tokens, roles, opcodes, parameters, record layouts,
// limits. Every byte of state lives in linear memory at offsets named here (docs/ledger.md).

// Tokens (index into per-account balances and per-token supplies).
export const TOKEN_CHR: u32 = 0;
export const TOKEN_FLX: u32 = 1;
export const TOKEN_PSY: u32 = 2;
export const TOKEN_ATR: u32 = 3;
export const TOKEN_RES: u32 = 4;
export const TOKEN_COUNT: u32 = 5;

// Roles bitmask (per key). Bit positions follow the wire format's Role enum (1 << role); the
// wire's MINTER bit (1 << 1) is not stored: MINTER of token t is bit (8 + t) (= minterTokens << 8).
export const ROLE_ADMIN: u32 = 1 << 0;
export const ROLE_KEY_ADMIN: u32 = 1 << 2;
export const ROLE_COUNCIL: u32 = 1 << 3;
export const ROLE_AUDITOR: u32 = 1 << 4;
export const ROLE_MINTER_SHIFT: u32 = 8;
export const ROLE_ALL: u32 = ROLE_ADMIN | ROLE_KEY_ADMIN | ROLE_COUNCIL | ROLE_AUDITOR | (0x1f << 8);

export function roleMinter(token: u32): u32 {
  return 1 << (ROLE_MINTER_SHIFT + token);
}

// Opcodes.
export const OP_TRANSFER: u32 = 1;
export const OP_MINT: u32 = 2;
export const OP_BURN: u32 = 3;
export const OP_KEY_REGISTER: u32 = 4;
export const OP_KEY_ROTATE: u32 = 5;
export const OP_KEY_REVOKE: u32 = 6;
export const OP_ROLE_GRANT: u32 = 7;
export const OP_ROLE_REVOKE: u32 = 8;
export const OP_PARAM_SET: u32 = 9;
export const OP_HALT: u32 = 10;
export const OP_RESUME: u32 = 11;
// Staking, rewards and penalties (assembly/ledger/staking.ts, penalty.ts; docs/token-mechanics.md).
export const OP_STAKE: u32 = 12;
export const OP_UNSTAKE: u32 = 13;
export const OP_CLAIM: u32 = 14;
export const OP_PENALTY: u32 = 15;
export const OP_LAST: u32 = 15;

// Parameters (id -> u128).
export const PARAM_TIMESTAMP_WINDOW_MS: u32 = 0;
export const PARAM_COUNCIL_THRESHOLD: u32 = 1;
export const PARAM_EPOCH_LENGTH_MS: u32 = 2;
// Token mechanics (design of issue 11): set at init, changed by ADMIN param packets. Values above u64
// (REWARD_RATE, RES_THRESHOLD and the u128 bounds) live in params.ts as lo/hi pairs.
export const PARAM_REWARD_RATE: u32 = 3; // PSY base units emitted per epoch at decay step 0
export const PARAM_DECAY_PERIOD_EPOCHS: u32 = 4; // emission x 1/phi every period
export const PARAM_MIN_STAKE_EPOCHS: u32 = 5; // lock after a stake, epochs
export const PARAM_ALPHA_MIN: u32 = 6; // 18 decimals
export const PARAM_ALPHA_LAMBDA: u32 = 7; // 18 decimals
export const PARAM_RES_THRESHOLD: u32 = 8; // RES base units that make an account RESONANT
export const PARAM_RES_RECOVERY_EPOCHS: u32 = 9; // clean epochs after a penalty before NEUTRAL
export const PARAM_MIN_STAKE: u32 = 10; // smallest non-zero position, CHR base units
export const PARAM_LAST: u32 = 10;
export const PARAM_COUNT: u32 = 16; // ids 11..15 reserved (E_PARAM_UNKNOWN)
export const DEFAULT_TIMESTAMP_WINDOW_MS: u64 = 30_000;
export const DEFAULT_COUNCIL_THRESHOLD: u64 = 1;
export const DEFAULT_EPOCH_LENGTH_MS: u64 = 86_400_000;
export const MAX_TIMESTAMP_WINDOW_MS: u64 = 86_400_000;
export const MAX_COUNCIL_THRESHOLD: u64 = 16; // at most 16 signers a packet
export const DEFAULT_DECAY_PERIOD_EPOCHS: u64 = 365;
export const MAX_DECAY_PERIOD_EPOCHS: u64 = 4_294_967_295; // 2^32 - 1 epochs
export const DEFAULT_MIN_STAKE_EPOCHS: u64 = 1;
export const MAX_MIN_STAKE_EPOCHS: u64 = 1_000_000;
export const DEFAULT_ALPHA_MIN: u64 = 100_000_000_000_000_000; // 0.1
export const DEFAULT_ALPHA_LAMBDA: u64 = 100_000_000_000_000_000; // 0.1
// λ >= 0.01 bounds the lazy alpha catch-up to ~4,300 steps (alpha.ts).
export const MIN_ALPHA_LAMBDA: u64 = 10_000_000_000_000_000;
export const DEFAULT_RES_RECOVERY_EPOCHS: u64 = 7;
export const MAX_RES_RECOVERY_EPOCHS: u64 = 1_000_000;
// 1 CHR: a position of at least S base units keeps every accumulator increment <= the PSY behind it.
export const DEFAULT_MIN_STAKE: u64 = 1_000_000_000_000_000_000;
export const SCALE: u64 = 1_000_000_000_000_000_000; // S = 10^18, CertifiedMath's fixed-point one
export const INV_PHI: u64 = 618_033_988_749_894_848; // floor(S / phi)

// RES resonance states (ACC_RES_STATE).
export const RES_NEUTRAL: u32 = 0;
export const RES_RESONANT: u32 = 1;
export const RES_PENALIZED: u32 = 2;

// Key status.
export const KEY_EMPTY: u32 = 0;
export const KEY_ACTIVE: u32 = 1;
export const KEY_ROTATED: u32 = 2;
export const KEY_REVOKED: u32 = 3;

// ML-DSA public key sizes by level.
export function pkSizeForLevel(level: u32): i32 {
  if (level == 44) return 1312;
  if (level == 65) return 1952;
  if (level == 87) return 2592;
  return -1;
}

// ---- Account record (ACC_SIZE bytes, open-addressing slot) ----
export const ACC_ID: usize = 0; // [32] account id
export const ACC_NONCE: usize = 32; // u64 last accepted nonce
export const ACC_BAL: usize = 40; // 5 x u128 (lo u64, hi u64) balances in base units
export const ACC_FLAGS: usize = 120; // u32 bit0 occupied, bit1 active (reserved)
export const ACC_LAST_EPOCH: usize = 124; // u32 reserved, 0
export const ACC_STAKE: usize = 128; // u128 staked CHR principal (held by the staking pool account)
export const ACC_REWARD_DEBT: usize = 144; // u128 accumulator value A this stake's rewards count from
export const ACC_PENDING_REWARD: usize = 160; // u128 settled PSY reward not yet claimed
export const ACC_ALPHA: usize = 176; // u64 alpha, 18 decimals; 0 = not started (the first stake starts it at S)
export const ACC_ALPHA_EPOCH: usize = 184; // u64 alpha is the value at the start of this epoch
export const ACC_ACTIVE_EPOCH1: usize = 192; // u64 1 + last epoch the account acted in (0 = never)
export const ACC_STAKE_EPOCH1: usize = 200; // u64 1 + epoch of the last stake (0 = never)
export const ACC_UNSTAKE_EPOCH1: usize = 208; // u64 1 + epoch of the last unstake (0 = never)
export const ACC_RES_PENALTY_EPOCH1: usize = 216; // u64 1 + epoch of the last penalty (0 = never)
export const ACC_RES_STATE: usize = 224; // u32 RES_NEUTRAL / RES_RESONANT / RES_PENALIZED
export const ACC_RESERVED: usize = 228; // u32 reserved, 0
export const ACC_SIZE: usize = 232;
export const ACC_FLAG_OCCUPIED: u32 = 1;

// ---- Key record (KEY_SIZE bytes) ----
export const KEY_ID: usize = 0; // [32] key id = SHA3-256(public key)
export const KEY_OWNER: usize = 32; // [32] account id the key acts for
export const KEY_ROLES: usize = 64; // u32 roles bitmask
export const KEY_LEVEL: usize = 68; // u8 ML-DSA level (44/65/87)
export const KEY_STATUS: usize = 69; // u8 KEY_ACTIVE/ROTATED/REVOKED (0 = empty slot)
export const KEY_VALID_FROM: usize = 72; // u64 valid-from epoch
export const KEY_MAX_AGE: usize = 80; // u64 max age in epochs (0 = no limit)
export const KEY_ROTATED_AT: usize = 88; // u64 seq of the batch that rotated it out
export const KEY_PK_OFF: usize = 96; // u32 offset into the public key arena
export const KEY_PK_LEN: usize = 100; // u32 public key length
export const KEY_SUCCESSOR: usize = 104; // [32] key id that replaced it (rotation)
export const KEY_REGISTERED_SEQ: usize = 136; // u64 seq of registration
export const KEY_SIZE: usize = 144;

// ---- Globals block (all journaled state that is not a table record) ----
export const G_INIT: usize = 0; // u32 1 once initialized
export const G_CHAIN_ID: usize = 4; // u32
export const G_LAST_SEQ: usize = 8; // u64 seq of the last applied batch
export const G_LAST_TIME: usize = 16; // u64 logical time of the last applied batch (ms)
export const G_EPOCH: usize = 24; // u64 current epoch
export const G_HALTED: usize = 32; // u32
export const G_ACC_COUNT: usize = 36; // u32
export const G_KEY_COUNT: usize = 40; // u32
export const G_PK_TOP: usize = 44; // u32 bytes used in the public key arena
export const G_ACC_SLOTS: usize = 48; // u32 capacity (power of two)
export const G_KEY_SLOTS: usize = 52; // u32 capacity (power of two)
export const G_HAS_GENESIS: usize = 56; // u32
export const G_SUPPLY: usize = 64; // 5 x u128 total supply per token
export const G_SUMS: usize = 144; // 5 x u128 running sum of balances per token
export const G_PARAMS: usize = 224; // 16 x u128
export const G_STK_TOTAL: usize = 480; // u128 W: total staked CHR (== the pool's CHR balance)
export const G_STK_ACC: usize = 496; // u128 A: reward per staked base unit x S, with this epoch's bump
export const G_STK_ACC_PREV: usize = 512; // u128 A before the current epoch's bump
export const G_STK_CARRY: usize = 528; // u128 PSY assigned to the pool, not yet distributed
export const G_PSY_EMITTED: usize = 544; // u128 sum of emission E(e) over epochs that had stake
export const G_PSY_FORFEITED: usize = 560; // u128 sum of forfeited PSY (audit)
export const G_EMISSION_EPOCH0: usize = 576; // u64 the genesis batch's epoch: decay steps count from it
export const G_STK_RESERVED: usize = 584; // u64 0
export const G_HALT_REC: usize = 592; // halt record (HALT_REC_SIZE bytes)
export const G_HALT_HASH: usize = 672; // [32] SHA3-256 of the halt record
export const G_ROOT: usize = 704; // [32] state root after the last batch
export const G_SIZE: usize = 736;

// Halt record: code u32, message u32, seq u64, state root [32], audit head [32].
export const HR_CODE: usize = 0;
export const HR_MESSAGE: usize = 4;
export const HR_SEQ: usize = 8;
export const HR_ROOT: usize = 16;
export const HR_AUDIT_HEAD: usize = 48;
export const HALT_REC_SIZE: usize = 80;

// ---- Limits ----
// Capacity (docs/ledger.md "Capacity"). The account and key tables start at the genesis hint
// (accountSlots / keySlots) and double, between batches, whenever a batch could push their load
// past GROW_LOAD (3/4): linear probing stays short (about 2.5 probes for a hit at 3/4). At the hard
// limits below they stop growing and fill to 7/8 of their slots; past that, E_ACCOUNTS_FULL and
// E_KEYS_FULL. The public key arena doubles the same way up to its limit (then E_KEYS_FULL).
// The limits keep the largest ledger (tables, arena, state tree, one copy of the largest table
// while it is rehashed) under 2 GiB of WASM memory, half of wasm32's 4 GiB. The 232-byte account
// record of state layout v2 halved the account limit (2^21 x 232 B + the rehash copy broke 2 GiB).
export const MIN_SLOTS: u32 = 16; // smallest table, and the smallest genesis hint
export const MAX_ACC_SLOTS: u32 = 1 << 20; // 1,048,576 account slots x 232 B = 232 MiB
export const MAX_ACCOUNTS: u32 = MAX_ACC_SLOTS - (MAX_ACC_SLOTS >> 3); // 917,504 accounts (7/8)
export const MAX_KEY_SLOTS: u32 = 1 << 18; // 262,144 key slots x 144 B = 36 MiB
export const MAX_KEYS: u32 = MAX_KEY_SLOTS - (MAX_KEY_SLOTS >> 3); // 229,376 keys (7/8)
export const PK_ARENA_MIN_BYTES: u32 = 64 << 10; // arena at init: 64 KiB (25 ML-DSA-87 keys)
export const PK_ARENA_MAX_BYTES: u32 = 512 << 20; // 512 MiB of public keys = 207,126 ML-DSA-87 keys
export const GROW_LOAD_NUM: u32 = 3; // grow when count + a batch's worst case > 3/4 of the slots
export const GROW_LOAD_SHIFT: u32 = 2;
export const JOURNAL_BYTES: u32 = 64 << 10; // undo journal per packet
export const EVENT_BYTES: u32 = 1 << 20; // event buffer per batch
export const INPUT_BYTES: u32 = 4 << 20; // batch input buffer
export const MAX_PACKETS: u32 = 8192; // packets per batch
export const MAX_SIGNERS: u32 = 16; // the wire format allows 8
export const MAX_OPS: u32 = 16;
// Pending batches (assembly/ledger/undo.ts, write_set.ts, audit_entries.ts; docs/ledger.md
// "Pending batches"). The undo log holds, per record first written in the batch, its id and old
// bytes (or "was absent"); a packet that would overflow it fails with E_BATCH_UNDO_FULL.
export const BATCH_UNDO_BYTES: u32 = 4 << 20; // ~20,000 saved account records per batch
export const WRITE_SET_BYTES: u32 = 8 << 20; // all six write sets of one batch (E_WRITE_SET_FULL)
// Audit entries of one batch: per packet a packet entry (66 B) and an outcome entry (36 B), plus
// one entry per event; an event entry is at most 1.4x its event record (smallest record 40 B),
// and each entry has a u32 length prefix. So 2 x EVENT_BYTES + 112 B a packet always fits.
export const AUDIT_OUT_BYTES: u32 = 2 * EVENT_BYTES + MAX_PACKETS * 112;
export const MAX_AUDIT_ENTRIES: u32 = 2 * MAX_PACKETS + EVENT_BYTES / 40;

// ---- Input record (host -> core; docs/ledger.md "Batch input") ----
export const IN_AUDIT_HEAD: usize = 0; // [32] audit head at the start of the batch
export const IN_PACKETS: usize = 32;
export const TX_LEN: usize = 0; // u32 record length including this field
export const TX_CHAIN_ID: usize = 4; // u32
export const TX_NONCE: usize = 8; // u64
export const TX_TIMESTAMP: usize = 16; // u64 client timestamp ms
export const TX_NSIGNERS: usize = 24; // u8
export const TX_NOPS: usize = 25; // u8
export const TX_FLAGS: usize = 26; // u16 bit0: signatures attached (verify mode)
export const TX_RESERVED: usize = 28; // u32 must be 0
export const TX_ACCOUNT: usize = 32; // [32] acting account (nonce, debits); ignored in genesis
export const TX_SIGNERS: usize = 64; // nSigners x [32] key ids (verified signers)
export const OPH_LEN: usize = 0; // u16 op length including header
export const OPH_CODE: usize = 2; // u8
export const OPH_TOKEN: usize = 3; // u8
export const OPH_A: usize = 4; // u32 level / roles / param id / reason
export const OPH_B: usize = 8; // u32 max age epochs
export const OPH_C: usize = 12; // u32 KEY_REGISTER: roles; every other op: reserved, must be 0
export const OPH_ID: usize = 16; // [32] account id / key id / halt record hash
export const OPH_AMOUNT: usize = 48; // u128 amount / parameter value; KEY_REGISTER: u64 valid-from epoch
export const OPH_SIZE: usize = 64; // followed by public key bytes for KEY_REGISTER / KEY_ROTATE
export const OPH_RES_BURN: usize = 64; // PENALTY only: u128 RES burn bound (the record is OPH_PENALTY_SIZE)
export const OPH_PENALTY_SIZE: usize = 80;

// ---- Write sets (core -> stores; docs/ledger.md "Write sets", contracts.md A) ----
export const WS_PARTICIPANTS: u32 = 6; // 0..4 tokens, 5 registry
export const WS_REGISTRY: u32 = 5;
export const WS_HEADER_SIZE: usize = 24; // "QWS1" | u8 participant | u8 version | u16 0 | u64 seq | u32 rows | u32 0
export const WS_ROW_HEADER_SIZE: usize = 40; // u8 kind | u8 flags | u16 0 | [32] key | u32 value length
export const WS_VERSION: u32 = 1;
export const WS_FLAG_DELETE: u32 = 1;
export const WS_KIND_BALANCE: u32 = 1;
export const WS_KIND_SUPPLY: u32 = 2;
export const WS_KIND_ACCOUNT: u32 = 3;
export const WS_KIND_KEY: u32 = 4;
export const WS_KIND_GLOBALS: u32 = 5;
