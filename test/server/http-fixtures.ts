// Shared by the HTTP route tests: a genesis (admin + council, a minter, two users), signed packets, and an app over
// an honest FakeNode (test/server/fake-node.ts).
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import {
  accountId,
  encodePacket,
  generateKeyPair,
  keyId,
  sha3_256,
  signPacket,
  type KeyPair,
  type Operation,
} from "../../bindings/index.js";
import { buildApp, type AppOptions } from "../../server/app.js";
import { FakeNode, type FakeNodeOptions } from "./fake-node.js";

export const CHAIN_ID = 31;
export const E18 = 10n ** 18n;
export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const seed = (name: string) => sha3_256(new TextEncoder().encode(`qfs-v13/test/http-routes/${name}`));

export const nodeKey = generateKeyPair(87, seed("node"));
export const admin = generateKeyPair(44, seed("admin"));
export const minter = generateKeyPair(44, seed("minter"));
export const alice = generateKeyPair(44, seed("alice"));
export const bob = generateKeyPair(44, seed("bob"));
export const acct = (k: KeyPair): string => hex(accountId(k.publicKey));
export const kid = (k: KeyPair): string => hex(keyId(k.publicKey));

export const genesis = {
  chainId: CHAIN_ID,
  timeMs: Date.now() - 1000,
  keys: [
    { publicKey: admin.publicKey, roles: ["ADMIN", "COUNCIL"] as const },
    { publicKey: minter.publicKey, roles: ["MINTER:CHR", "MINTER:FLX"] as const },
    { publicKey: alice.publicKey, roles: [] },
    { publicKey: bob.publicKey, roles: [] },
  ],
} satisfies FakeNodeOptions["genesis"];

/** A signed packet of `signer`'s account (timestamp now, so the ledger's window accepts it). */
export function packet(signer: KeyPair, nonce: bigint, operations: Operation[], timestampMs = Date.now()): Uint8Array {
  const p = signPacket(
    {
      chainId: CHAIN_ID,
      account: accountId(signer.publicKey),
      nonce,
      timestampMs: BigInt(timestampMs),
      ops: operations,
    },
    [signer],
  );
  return encodePacket(p);
}

export interface Harness {
  node: FakeNode;
  app: FastifyInstance;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
  postPacket(p: Uint8Array | string | object, contentType?: string): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
}

export async function harness(
  opts: Partial<Omit<AppOptions, "node">> & Partial<Omit<FakeNodeOptions, "nodeKey">> = {},
): Promise<Harness> {
  const { queuePacketsMax, genesis: g, ...appOpts } = opts;
  const node = new FakeNode({
    genesis: g ?? genesis,
    nodeKey,
    ...(queuePacketsMax === undefined ? {} : { queuePacketsMax }),
  });
  const app = await buildApp({ node, ...appOpts });
  const inject = (o: InjectOptions) => app.inject(o);
  return {
    node,
    app,
    inject,
    get: (url) => inject({ method: "GET", url }),
    postPacket: (p, contentType = "application/octet-stream") =>
      inject({
        method: "POST",
        url: "/v1/transactions",
        headers: { "content-type": contentType },
        payload: p instanceof Uint8Array ? Buffer.from(p) : typeof p === "string" ? p : JSON.stringify(p),
      }),
  };
}

/** The catalogue-shaped error body of `r`, asserted by the caller. */
export function errorOf(r: LightMyRequestResponse): { status: number; error: string; code: number } {
  const body = r.json() as { error: string; code: number };
  return { status: r.statusCode, error: body.error, code: body.code };
}
