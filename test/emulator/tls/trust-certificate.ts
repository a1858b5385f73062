// Trusting the emulator's self-signed certificate inside a test process. Clients that build their
// own agents (the azure-iothub SDK, the Azure pipeline's proxy tunnel) expose no CA option; adding
// the certificate to this process's default CA set is what NODE_EXTRA_CA_CERTS does at start-up,
// done after the certificate exists. Returns a function restoring the previous set.
import tls from "node:tls";

export function trustCertificate(pem: string): () => void {
  const before = tls.getCACertificates("default");
  tls.setDefaultCACertificates([...before, pem]);
  return () => tls.setDefaultCACertificates(before);
}
