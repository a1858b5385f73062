// A self-signed certificate for `--tls`, generated with the openssl command line (Node has no
// certificate generator) into <dataDir>/tls and reused across restarts. It is regenerated when a
// hub host name it does not cover appears. Clients trust it with NODE_EXTRA_CA_CERTS=<cert path>.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface CertificateFiles {
  certPath: string;
  keyPath: string;
  cert: Buffer;
  key: Buffer;
}

export function ensureSelfSignedCertificate(dataDir: string, hostNames: readonly string[]): CertificateFiles {
  const dir = join(dataDir, "tls");
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  const namesPath = join(dir, "names.json");
  const wanted = [...new Set(["localhost", ...hostNames.map((h) => h.toLowerCase())])].sort();
  const covered: string[] = existsSync(namesPath) ? JSON.parse(readFileSync(namesPath, "utf8")) : [];
  const fresh = existsSync(certPath) && existsSync(keyPath) && wanted.every((n) => covered.includes(n));
  if (!fresh) {
    const names = [...new Set([...covered, ...wanted])].sort();
    generate(certPath, keyPath, names);
    writeFileSync(namesPath, JSON.stringify(names));
  }
  return { certPath, keyPath, cert: readFileSync(certPath), key: readFileSync(keyPath) };
}

function generate(certPath: string, keyPath: string, names: readonly string[]): void {
  const san = [...names.map((n) => `DNS:${n}`), "IP:127.0.0.1", "IP:::1"].join(",");
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "825",
      "-keyout", keyPath, "-out", certPath,
      "-subj", "/CN=hubjobs IoT Hub emulator",
      "-addext", `subjectAltName=${san}`,
      "-addext", "basicConstraints=critical,CA:TRUE",
      "-addext", "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign",
      "-addext", "extendedKeyUsage=serverAuth",
    ], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not generate a self-signed certificate with openssl (${detail}). Install openssl, or pass --cert and --key.`);
  }
}
