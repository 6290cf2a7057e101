import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id minimum: 19 MiB of memory, 2 iterations, 1 degree of parallelism.
// 2 is argon2id in @node-rs/argon2's (const) Algorithm enum, which isolatedModules cannot import.
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// Verifying against this when no user matches keeps "unknown email" as slow as "wrong password",
// so response times do not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword("lyceum-timing-equaliser");
  await verifyPassword(await dummyHash, password);
  return false;
}
