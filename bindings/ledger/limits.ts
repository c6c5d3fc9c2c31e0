// Caps on what the ledger's typed API takes in (docs/limits.md). Each is checked before the
// input it bounds is encoded or copied into the core; past one the API throws a QfsError
// with the code named beside the cap. The core's own buffers (batch input 4 MiB, 8,192 packets a
// batch: assembly/ledger/layout.ts) are the outer bound; these make the TS side refuse first.

// Packets in one batch: the core's MAX_PACKETS (assembly/ledger/layout.ts). Past it: E_BATCH_TOO_LARGE.
export const LEDGER_BATCH_PACKETS_MAX = 8192;
// Genesis keys and allocations: genesis is one core batch (4 MiB of input), and an ML-DSA-87 key
// record takes ~2.7 KiB of it, an allocation 80 bytes. Past them: E_GENESIS_TOO_LARGE.
export const GENESIS_KEYS_MAX = 1024;
export const GENESIS_ALLOCATIONS_MAX = 16384;
// Role names a genesis key may list (every defined role once, MINTER once per token). Past it: E_GENESIS_ROLES.
export const GENESIS_ROLE_NAMES_MAX = 16;
