// Token operations: transfer, mint, burn. Amounts are u128 base units. Each returns a result code;
// on failure the caller rolls the whole packet back (its writes are journaled).
import { TOKEN_COUNT, TOKEN_PSY, TOKEN_RES, G_SUPPLY, OPH_TOKEN, OPH_ID, OPH_AMOUNT } from "./layout";
import { isPool } from "./pool";
import { resEvaluate } from "./resonance";
import {
  OK,
  E_TOKEN_UNKNOWN,
  E_TOKEN_NOT_TRANSFERABLE,
  E_TOKEN_MINT_STAKING_ONLY,
  E_AMOUNT_ZERO,
  E_INSUFFICIENT_FUNDS,
  E_SUPPLY_OVERFLOW,
  E_BALANCE_OVERFLOW,
  E_ACCOUNTS_FULL,
  E_INVARIANT_VIOLATED,
  E_ACCOUNT_ZERO,
  E_STAKING_POOL,
} from "./errors";
import { G, wU128, isZero32 } from "./mem";
import { accEnsure, accBalPtr, accSetBalance } from "./accounts";
import { add128, sub128, rLo, rHi } from "./u128";
import { cTxAcc } from "./ctx";
import { evBegin, evU8, evU64, evBytes, EV_MINT, EV_BURN, EV_TRANSFER } from "./events";

function emitAmount(lo: u64, hi: u64): void {
  evU64(lo);
  evU64(hi);
}

export function opTransfer(op: usize): u32 {
  const token = <u32>load<u8>(op + OPH_TOKEN);
  if (token >= TOKEN_COUNT) return E_TOKEN_UNKNOWN;
  if (token == TOKEN_RES) return E_TOKEN_NOT_TRANSFERABLE;
  const aLo = load<u64>(op + OPH_AMOUNT);
  const aHi = load<u64>(op + OPH_AMOUNT, 8);
  if ((aLo | aHi) == 0) return E_AMOUNT_ZERO;
  if (isZero32(op + OPH_ID)) return E_ACCOUNT_ZERO;
  if (isPool(op + OPH_ID)) return E_STAKING_POOL; // the pool moves only by staking ops
  const from = cTxAcc;
  const fb = accBalPtr(from, token);
  if (!sub128(load<u64>(fb), load<u64>(fb, 8), aLo, aHi)) return E_INSUFFICIENT_FUNDS;
  const to = accEnsure(op + OPH_ID);
  if (to == 0) return E_ACCOUNTS_FULL;
  if (to != from) {
    if (!accSetBalance(from, token, rLo, rHi)) return E_INVARIANT_VIOLATED;
    const tb = accBalPtr(to, token);
    if (!add128(load<u64>(tb), load<u64>(tb, 8), aLo, aHi)) return E_BALANCE_OVERFLOW;
    if (!accSetBalance(to, token, rLo, rHi)) return E_INVARIANT_VIOLATED;
  }
  if (evBegin(EV_TRANSFER, 81)) {
    evU8(token);
    evBytes(from, 32);
    evBytes(to, 32);
    emitAmount(aLo, aHi);
  }
  return OK;
}

export function opMint(op: usize): u32 {
  const token = <u32>load<u8>(op + OPH_TOKEN);
  if (token >= TOKEN_COUNT) return E_TOKEN_UNKNOWN;
  if (token == TOKEN_PSY) return E_TOKEN_MINT_STAKING_ONLY;
  const aLo = load<u64>(op + OPH_AMOUNT);
  const aHi = load<u64>(op + OPH_AMOUNT, 8);
  if ((aLo | aHi) == 0) return E_AMOUNT_ZERO;
  if (isZero32(op + OPH_ID)) return E_ACCOUNT_ZERO;
  if (isPool(op + OPH_ID)) return E_STAKING_POOL;
  const s = G + G_SUPPLY + <usize>token * 16;
  if (!add128(load<u64>(s), load<u64>(s, 8), aLo, aHi)) return E_SUPPLY_OVERFLOW;
  const sLo = rLo;
  const sHi = rHi;
  const to = accEnsure(op + OPH_ID);
  if (to == 0) return E_ACCOUNTS_FULL;
  const tb = accBalPtr(to, token);
  if (!add128(load<u64>(tb), load<u64>(tb, 8), aLo, aHi)) return E_BALANCE_OVERFLOW;
  if (!accSetBalance(to, token, rLo, rHi)) return E_INVARIANT_VIOLATED;
  wU128(s, sLo, sHi);
  if (evBegin(EV_MINT, 49)) {
    evU8(token);
    evBytes(to, 32);
    emitAmount(aLo, aHi);
  }
  if (token == TOKEN_RES) resEvaluate(to);
  return OK;
}

// Burns from the packet's own account (the MINTER's account).
export function opBurn(op: usize): u32 {
  const token = <u32>load<u8>(op + OPH_TOKEN);
  if (token >= TOKEN_COUNT) return E_TOKEN_UNKNOWN;
  const aLo = load<u64>(op + OPH_AMOUNT);
  const aHi = load<u64>(op + OPH_AMOUNT, 8);
  if ((aLo | aHi) == 0) return E_AMOUNT_ZERO;
  const from = cTxAcc;
  const fb = accBalPtr(from, token);
  if (!sub128(load<u64>(fb), load<u64>(fb, 8), aLo, aHi)) return E_INSUFFICIENT_FUNDS;
  if (!accSetBalance(from, token, rLo, rHi)) return E_INVARIANT_VIOLATED;
  const s = G + G_SUPPLY + <usize>token * 16;
  if (!sub128(load<u64>(s), load<u64>(s, 8), aLo, aHi)) return E_INVARIANT_VIOLATED;
  wU128(s, rLo, rHi);
  if (evBegin(EV_BURN, 49)) {
    evU8(token);
    evBytes(from, 32);
    emitAmount(aLo, aHi);
  }
  if (token == TOKEN_RES) resEvaluate(from);
  return OK;
}
