// Generators of the ledger model-based test (test/ledger/model.test.ts): a pool of fake keys and
// packet specs in "personas" (user, minter, admin, council, self key management, chaos). Specs
// name pool indices; nonces, halt hashes and accounts are resolved against the state at run time.
import fc from "fast-check";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { ADMIN, KEY_ADMIN, COUNCIL, ROLE_ALL, minter } from "../reference/ledger-model.js";
import { fakePk } from "./model-fixtures.js";

export const POOL = 16;
export const PKS = Array.from({ length: POOL }, (_, i) => fakePk(1000 + i));
export const IDS = PKS.map((pk) => sha3_256(pk));
const ALL_MINTERS = minter(0) | minter(1) | minter(2) | minter(3) | minter(4);
// Keys 0..8 exist at genesis; 9..15 can be registered or rotated in.
export const GENESIS_ROLES = [ADMIN | KEY_ADMIN, ALL_MINTERS, COUNCIL, COUNCIL, COUNCIL, 0, 0, 0, 1 << 4];
export const OUTSIDERS = [0, 2, 3].map((n) => new Uint8Array(32).fill(n)); // 0: the zero id (E_ACCOUNT_ZERO)
const U128_MAX = (1n << 128n) - 1n;
const E18 = 10n ** 18n;
export const ACCOUNT_SLOTS = 64;
export const KEY_SLOTS = 16;

export type OpSpec =
  | { k: "transfer"; token: number; to: number; amount: bigint }
  | { k: "mint"; token: number; to: number; amount: bigint }
  | { k: "burn"; token: number; amount: bigint }
  | { k: "register"; pk: number; roles: number; maxAge: number; validFromDelta: number }
  | { k: "rotate"; old: number; pk: number; maxAge: number }
  | { k: "revoke"; key: number }
  | { k: "grant" | "revokeRole"; key: number; roles: number }
  | { k: "param"; id: number; value: bigint }
  | { k: "halt"; reason: number }
  | { k: "resume"; goodHash: boolean }
  | { k: "stake"; token: number; amount: bigint }
  | { k: "unstake"; amount: bigint; emergency: boolean }
  | { k: "claim"; token: number }
  | { k: "penalty"; target: number; share: bigint; resBurn: bigint };

export interface PacketSpec {
  signers: number[];
  accountOf: number | null;
  nonceDelta: bigint;
  tsDelta: bigint;
  chainOk: boolean;
  ops: OpSpec[];
}

const idx = fc.integer({ min: 0, max: POOL - 1 });
const token = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 9 },
  { arbitrary: fc.constant(5), weight: 1 },
);
const amount = fc.oneof(
  { arbitrary: fc.bigInt({ min: 0n, max: 3000n }), weight: 8 },
  { arbitrary: fc.bigInt({ min: (1n << 127n) + 1n, max: U128_MAX }), weight: 2 },
);
const roleBits = fc.oneof(
  fc.constantFrom(ADMIN, KEY_ADMIN, COUNCIL, 1 << 4, minter(0), minter(1), minter(2), minter(4)),
  fc.integer({ min: 0, max: 0xffff }).map((v) => v & (ROLE_ALL | 2)),
);
const transferOp = fc.record({
  k: fc.constant("transfer" as const),
  token,
  to: fc.integer({ min: 0, max: POOL + 2 }),
  amount,
});
const mintOp = fc.record({ k: fc.constant("mint" as const), token, to: fc.integer({ min: 0, max: POOL + 2 }), amount });
const bigMintOp = fc.record({
  k: fc.constant("mint" as const),
  token: fc.constantFrom(0, 1),
  to: fc.integer({ min: 0, max: 8 }),
  amount: fc.bigInt({ min: 1n << 126n, max: U128_MAX }),
});
const burnOp = fc.record({ k: fc.constant("burn" as const), token, amount });
const registerOp = fc.record({
  k: fc.constant("register" as const),
  pk: idx,
  roles: fc.oneof(fc.constant(0), roleBits),
  maxAge: fc.integer({ min: 0, max: 3 }),
  validFromDelta: fc.integer({ min: 0, max: 2 }),
});
const rotateOp = fc.record({
  k: fc.constant("rotate" as const),
  old: idx,
  pk: idx,
  maxAge: fc.integer({ min: 0, max: 3 }),
});
const revokeOp = fc.record({ k: fc.constant("revoke" as const), key: idx });
const roleOp = fc.record({ k: fc.constantFrom("grant" as const, "revokeRole" as const), key: idx, roles: roleBits });
const paramOp = fc.record({
  k: fc.constant("param" as const),
  id: fc.integer({ min: 0, max: 12 }),
  value: fc.oneof(
    fc.bigInt({ min: 0n, max: 4n }),
    fc.bigInt({ min: 0n, max: 100_000n }),
    fc.constant(1n << 64n),
    fc.constantFrom(10n ** 16n, 10n ** 17n, E18, E18 + 1n, 10n ** 27n),
  ),
});
const haltOp = fc.record({ k: fc.constant("halt" as const), reason: fc.integer({ min: 1, max: 9 }) });
const resumeOp = fc.record({ k: fc.constant("resume" as const), goodHash: fc.boolean() });
// Staking amounts: dust (E_STAKE_TOO_SMALL), whole CHR, and large positions of the big mints.
const stakeAmount = fc.oneof(
  { arbitrary: fc.constantFrom(0n, 1n, E18 - 1n, E18, 2n * E18, 5n * E18), weight: 4 },
  { arbitrary: fc.bigInt({ min: E18, max: 1n << 100n }), weight: 2 },
  { arbitrary: fc.bigInt({ min: 0n, max: 3000n }), weight: 1 },
);
const stakeOp = fc.record({
  k: fc.constant("stake" as const),
  token: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.constantFrom(1, 2), weight: 1 }),
  amount: stakeAmount,
});
const unstakeOp = fc.record({ k: fc.constant("unstake" as const), amount: stakeAmount, emergency: fc.boolean() });
const claimOp = fc.record({
  k: fc.constant("claim" as const),
  token: fc.oneof({ arbitrary: fc.constant(0), weight: 8 }, { arbitrary: fc.constant(1), weight: 1 }),
});
const penaltyOp = fc.record({
  k: fc.constant("penalty" as const),
  target: fc.integer({ min: 0, max: POOL + 2 }),
  share: fc.oneof(fc.constantFrom(0n, E18 / 2n, E18, E18 + 1n), fc.bigInt({ min: 0n, max: E18 })),
  resBurn: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 3000n }), fc.constant(1n << 127n)),
});
const anyOp: fc.Arbitrary<OpSpec> = fc.oneof(
  transferOp,
  mintOp,
  burnOp,
  registerOp,
  rotateOp,
  revokeOp,
  roleOp,
  paramOp,
  haltOp,
  resumeOp,
  stakeOp,
  unstakeOp,
  claimOp,
  penaltyOp,
);
const ops = (a: fc.Arbitrary<OpSpec>) => fc.array(a, { minLength: 1, maxLength: 3 });

// Personas: packets that mostly make sense for their signers, plus a chaos persona.
const selfKeyOps = (i: number) =>
  ops(
    fc.oneof(
      fc.record({
        k: fc.constant("rotate" as const),
        old: fc.constant(i),
        pk: idx,
        maxAge: fc.integer({ min: 0, max: 3 }),
      }),
      fc.record({ k: fc.constant("revoke" as const), key: fc.constant(i) }),
      transferOp,
    ),
  );
const persona: fc.Arbitrary<{ signers: number[]; ops: OpSpec[] }> = fc.oneof(
  {
    arbitrary: fc.record({
      signers: fc
        .oneof({ arbitrary: fc.integer({ min: 0, max: 8 }), weight: 4 }, { arbitrary: idx, weight: 1 })
        .map((i) => [i]),
      ops: ops(fc.oneof({ arbitrary: transferOp, weight: 5 }, { arbitrary: burnOp, weight: 1 })),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      signers: fc.constant<number[]>([1]),
      ops: ops(fc.oneof(mintOp, mintOp, bigMintOp, burnOp, transferOp)),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      signers: fc.constant<number[]>([0]),
      ops: ops(fc.oneof(registerOp, rotateOp, revokeOp, roleOp, roleOp, paramOp, haltOp, transferOp)),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      signers: fc.array(fc.oneof({ arbitrary: fc.constantFrom(2, 3, 4), weight: 5 }, { arbitrary: idx, weight: 1 }), {
        minLength: 1,
        maxLength: 4,
      }),
      ops: ops(
        fc.oneof(
          { arbitrary: resumeOp, weight: 4 },
          { arbitrary: penaltyOp, weight: 3 },
          { arbitrary: haltOp, weight: 1 },
          { arbitrary: transferOp, weight: 1 },
        ),
      ),
    }),
    weight: 3,
  },
  { arbitrary: idx.chain((i) => fc.record({ signers: fc.constant<number[]>([i]), ops: selfKeyOps(i) })), weight: 2 },
  {
    // Stakers: users and the minter (which holds the big CHR mints) stake, unstake, claim.
    arbitrary: fc.record({
      signers: fc.constantFrom(1, 5, 6, 7).map((i) => [i]),
      ops: ops(
        fc.oneof(
          { arbitrary: stakeOp, weight: 4 },
          { arbitrary: unstakeOp, weight: 3 },
          { arbitrary: claimOp, weight: 2 },
          { arbitrary: transferOp, weight: 1 },
        ),
      ),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ signers: fc.array(idx, { minLength: 1, maxLength: 3 }), ops: ops(anyOp) }), weight: 2 },
);
export const packetSpec: fc.Arbitrary<PacketSpec> = fc
  .record({
    persona,
    accountOf: fc.oneof({ arbitrary: fc.constant(null), weight: 15 }, { arbitrary: idx, weight: 1 }),
    nonceDelta: fc.oneof(
      { arbitrary: fc.constant(0n), weight: 15 },
      { arbitrary: fc.constantFrom(-1n, 1n, 5n), weight: 1 },
    ),
    tsDelta: fc.oneof(
      { arbitrary: fc.bigInt({ min: -5_000n, max: 5_000n }), weight: 15 },
      { arbitrary: fc.constantFrom(-5_001n, 5_001n, 90_000n), weight: 1 },
    ),
    chainOk: fc.oneof({ arbitrary: fc.constant(true), weight: 40 }, { arbitrary: fc.constant(false), weight: 1 }),
  })
  .map(({ persona: p, ...rest }) => ({ ...rest, signers: p.signers, ops: p.ops }));
