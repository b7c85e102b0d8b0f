import { argon2d, argon2id } from 'hash-wasm';
import kdbxweb from 'kdbxweb';

let installed = false;

/**
 * KDBX 4 derives its key with Argon2, which kdbxweb leaves to the host:
 * hash-wasm's WebAssembly Argon2 (no native build). kdbxweb passes memory in
 * KiB, as hash-wasm expects; hash-wasm implements version 0x13 (KDBX 4's).
 */
export function installArgon2(): void {
  if (installed) return;
  installed = true;
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
    if (version !== 0x13) throw new Error(`Argon2 version ${version} is not supported (only 0x13)`);
    const hash = type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? argon2id : argon2d;
    const out = await hash({
      password: new Uint8Array(password),
      salt: new Uint8Array(salt),
      memorySize: memory,
      iterations,
      hashLength: length,
      parallelism,
      outputType: 'binary',
    });
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  });
}
