// The load of the service-level kill -9 suite (crash-server-runner.ts): a genesis that funds a few client accounts
// in every token, client loops that submit multi-token transfers and staking ops (crash-server-staking.ts) over
// HTTP one at a time each, and the model of what must be applied. Every 200 is an acknowledgement; a request the dead server never answered (or answered
// with an error that is not a receipt) leaves its packet's fate unknown until the restart shows the account nonce.
import {
  accountId,
  encodePacket,
  generateKeyPair,
  ops,
  sha3_256,
  signPacket,
  Token,
  type KeyPair,
  type Operation,
  type TokenId,
} from "../../bindings/index.js";
import type { EventJson } from "../../server/node-service.js";
import type { GenesisFile } from "../../server/sequencer/genesis-file.js";
import {
  addStakingEffects,
  COUNCIL_CLIENTS,
  CRASH_EPOCH_LENGTH_MS,
  makeStakingOp,
  STAKING_ONE_IN,
  type StakingEffect,
  type StakingKind,
} from "./crash-server-staking.js";

/** Client loops (one account and key each): enough for batches of several packets and conflicting credits. */
export const CLIENTS = 8;
export const TOKEN_COUNT = Object.keys(Token).length;
/** The tokens a genesis can allocate: PSY is minted only as staking rewards (E_TOKEN_MINT_STAKING_ONLY), so no
 *  client holds any. */
export const FUNDED_TOKENS: readonly number[] = [Token.CHR, Token.FLX, Token.ATR, Token.RES];
/** The tokens a transfer may move (RES is not transferable: E_TOKEN_NOT_TRANSFERABLE). A packet moves 2..3 of
 *  them; one in RES_LEG_ONE_IN also gets a RES leg last, so the core applies its first legs and must then undo
 *  them all: the whole packet is rejected, and a partial application would show in the balances. */
export const TRANSFERABLE_TOKENS: readonly number[] = [Token.CHR, Token.FLX, Token.ATR];
const RES_LEG_ONE_IN = 8;
/** What each client holds of each token at genesis, base units: transfers of at most TRANSFER_UNITS_MAX a leg
 *  never exhaust it in a run, so every sequenced packet applies (a rejection is a failure of the suite). */
export const GENESIS_UNITS = 10n ** 24n;
export const TRANSFER_UNITS_MAX = 1000;
/** Pause after a 429 (rate limit or full queue: the packet was not sequenced, the same bytes are sent again). */
const RETRY_PAUSE_MS = 50;
const CHAIN_ID = 813;

export interface Leg {
  token: number;
  to: number; // client index
  amount: bigint;
}

export interface SentTx {
  txId: string;
  client: number;
  nonce: bigint;
  legs: Leg[];
  /** The packet's wire bytes (a retry sends them again). */
  bytes: Uint8Array;
  /** The receipt's seq, for an acknowledged packet. */
  seq?: string;
  /** A staking op (then `legs` is empty): what it did is read from `events`. */
  staking?: StakingKind;
  /** The receipt's events, once the packet is known applied (from its answer, or GET /v1/transactions/:id). */
  events?: EventJson[];
}

export interface ClientModel {
  key: KeyPair;
  account: string; // hex
  /** The packets applied, by nonce (1..confirmed): acknowledged, or unknown and then proven by the nonce. */
  applied: Map<bigint, SentTx>;
  confirmed: bigint;
  /** The packet whose answer never came (at most one: a client waits for each answer). */
  unknown: SentTx | undefined;
  /** Acknowledged packets not yet checked against a restarted server. */
  newlyAcked: SentTx[];
}

export interface LoadModel {
  genesis: GenesisFile;
  clients: ClientModel[];
  /** Packets sequenced with an outcome other than OK (none expected: their receipts say why). */
  rejected: { txId: string; outcome: string }[];
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Deterministic client keys (from the seed) and a genesis funding each in every token. */
export function makeLoad(seed: number, nowMs: number): LoadModel {
  const clients = Array.from({ length: CLIENTS }, (_, i): ClientModel => {
    const seedBytes = new Uint8Array(32);
    new DataView(seedBytes.buffer).setUint32(0, seed >>> 0);
    seedBytes[31] = i + 1;
    const key = generateKeyPair(44, seedBytes);
    return {
      key,
      account: hex(accountId(key.publicKey)),
      applied: new Map(),
      confirmed: 0n,
      unknown: undefined,
      newlyAcked: [],
    };
  });
  const genesis: GenesisFile = {
    chainId: CHAIN_ID,
    timeMs: String(nowMs),
    keys: clients.map((c, i) => ({
      publicKey: hex(c.key.publicKey),
      roles: COUNCIL_CLIENTS.includes(i) ? ["COUNCIL"] : [],
    })),
    allocations: clients.flatMap((c) =>
      FUNDED_TOKENS.map((token) => ({ account: c.account, token, amount: String(GENESIS_UNITS) })),
    ),
    councilThreshold: String(COUNCIL_CLIENTS.length),
    epochLengthMs: String(CRASH_EPOCH_LENGTH_MS),
  };
  return { genesis, clients, rejected: [] };
}

export interface Expected {
  /** Per client, in token order: genesis plus the legs of every applied transfer and the effects of every applied
   *  staking op (its receipt's events). */
  balances: bigint[][];
  /** Per client: the CHR it has staked (Σ Stake − Σ Unstake − Σ slashed). */
  stakes: bigint[];
  /** Token supply changes by the staking ops: CHR slashed (burnt), RES burnt, PSY minted as rewards. */
  slashed: bigint;
  resBurnt: bigint;
  psyMinted: bigint;
}

/** What the model says each client holds and has staked. */
export function expected(model: LoadModel): Expected {
  const balances = model.clients.map(() =>
    Array.from({ length: TOKEN_COUNT }, (_, t) => (FUNDED_TOKENS.includes(t) ? GENESIS_UNITS : 0n)),
  );
  const effects: StakingEffect[] = model.clients.map(() => ({ chr: 0n, stake: 0n, psy: 0n, res: 0n }));
  const accounts = model.clients.map((c) => c.account);
  const out = { slashed: 0n, resBurnt: 0n, psyMinted: 0n };
  for (const c of model.clients)
    for (const tx of c.applied.values()) {
      for (const leg of tx.legs) {
        balances[tx.client]![leg.token]! -= leg.amount;
        balances[leg.to]![leg.token]! += leg.amount;
      }
      if (tx.staking === undefined) continue;
      if (tx.events === undefined) throw new Error(`applied staking tx ${tx.txId} without its receipt's events`);
      const d = addStakingEffects(tx.events, accounts, effects);
      out.slashed += d.slashed;
      out.resBurnt += d.resBurnt;
      out.psyMinted += d.psyMinted;
    }
  effects.forEach((e, i) => {
    balances[i]![Token.CHR]! += e.chr;
    balances[i]![Token.PSY]! += e.psy;
    balances[i]![Token.RES]! += e.res;
  });
  return { balances, stakes: effects.map((e) => e.stake), ...out };
}

/** A transfer of 2..3 distinct tokens (sometimes plus a RES leg: see TRANSFERABLE_TOKENS), each leg to a random
 *  other client; or, one in STAKING_ONE_IN, a staking op. */
function makePacket(
  model: LoadModel,
  client: number,
  nonce: bigint,
  rand: () => number,
): { tx: SentTx; bytes: Uint8Array } {
  if (rand() % STAKING_ONE_IN === 0) {
    const s = makeStakingOp(
      client,
      model.clients.map((c) => c.account),
      rand,
    );
    const bytes = signed(model, client, nonce, [s.op], s.signers);
    return { tx: { txId: hex(sha3_256(bytes)), client, nonce, legs: [], bytes, staking: s.kind }, bytes };
  }
  const tokens = [...TRANSFERABLE_TOKENS];
  for (let i = tokens.length - 1; i > 0; i--) {
    const j = rand() % (i + 1);
    [tokens[i], tokens[j]] = [tokens[j]!, tokens[i]!];
  }
  const chosen = tokens.slice(0, 2 + (rand() % (tokens.length - 1)));
  if (rand() % RES_LEG_ONE_IN === 0) chosen.push(Token.RES);
  const legs = chosen.map((token): Leg => {
    const to = (client + 1 + (rand() % (CLIENTS - 1))) % CLIENTS;
    return { token, to, amount: BigInt(1 + (rand() % TRANSFER_UNITS_MAX)) };
  });
  const bytes = signed(
    model,
    client,
    nonce,
    legs.map((l) =>
      ops.transfer(l.token as TokenId, new Uint8Array(Buffer.from(model.clients[l.to]!.account, "hex")), l.amount),
    ),
    [client],
  );
  return { tx: { txId: hex(sha3_256(bytes)), client, nonce, legs, bytes }, bytes };
}

/** The wire bytes of `client`'s packet of `operations`, signed by the keys of `signers` (client indexes). */
function signed(
  model: LoadModel,
  client: number,
  nonce: bigint,
  operations: Operation[],
  signers: number[],
): Uint8Array {
  const c = model.clients[client]!;
  const packet = signPacket(
    {
      chainId: model.genesis.chainId,
      account: accountId(c.key.publicKey),
      nonce,
      timestampMs: BigInt(Date.now()),
      ops: operations,
    },
    signers.map((i) => model.clients[i]!.key),
  );
  return encodePacket(packet);
}

export interface LoadRun {
  /** Resolves when every client loop has stopped (server gone, or stop() called). */
  done: Promise<void>;
  stop(): void;
  acked(): number;
  /** Resolves at the next acknowledgement: the moment the next round is starting (the other clients' packets
   *  are queued), which is when the suite stops a database server. */
  nextAck(): Promise<void>;
}

/** Runs one loop per client against `url` until the server stops answering or stop() is called. A client
 *  whose answer does not come keeps that packet as `unknown` and stops: its fate is settled after the restart. */
export function startLoad(model: LoadModel, url: string, rand: () => number): LoadRun {
  let stopped = false;
  let acked = 0;
  const ackWaiters: (() => void)[] = [];
  const loop = async (client: number): Promise<void> => {
    const c = model.clients[client]!;
    if (c.unknown !== undefined) throw new Error(`client ${client}: unknown packet not settled before the run`);
    while (!stopped) {
      const { tx, bytes } = makePacket(model, client, c.confirmed + 1n, rand);
      for (;;) {
        let res: Response;
        let body: {
          code?: number | string;
          outcome?: string;
          seq?: string;
          events?: EventJson[];
          receipt?: { outcome: string };
        };
        c.unknown = tx;
        try {
          res = await fetch(`${url}/v1/transactions`, {
            method: "POST",
            headers: { "content-type": "application/octet-stream" },
            body: new Uint8Array(bytes),
          });
          body = (await res.json()) as typeof body;
        } catch {
          return; // the server died with the request in flight: fate unknown
        }
        if (res.status === 200) {
          c.unknown = undefined;
          tx.seq = body.seq;
          tx.events = body.events;
          c.applied.set(tx.nonce, tx);
          c.confirmed = tx.nonce;
          c.newlyAcked.push(tx);
          acked++;
          for (const w of ackWaiters.splice(0)) w();
          break;
        }
        if (body.receipt !== undefined) {
          // Sequenced and not applied (its nonce is not consumed): recorded, and a new packet takes the nonce.
          c.unknown = undefined;
          model.rejected.push({ txId: tx.txId, outcome: body.receipt.outcome });
          break;
        }
        if (res.status === 429) {
          // Not sequenced (rate limit or full queue): the same bytes again, after a pause.
          c.unknown = undefined;
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
          if (stopped) return;
          continue;
        }
        // Any other error (a store failure, the sequencer stopped): the round may still commit at recovery.
        return;
      }
    }
  };
  const done = Promise.all(model.clients.map((_, i) => loop(i))).then(() => undefined);
  return {
    done,
    stop: () => {
      stopped = true;
    },
    acked: () => acked,
    nextAck: () => new Promise<void>((resolve) => ackWaiters.push(resolve)),
  };
}
