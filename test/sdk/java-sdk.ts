// Runs Microsoft's Java service SDK (test/sdk/java: iot-service-client 2.1.9) against the hub. Maven
// only resolves the SDK into a class path, once, cached outside the repository under
// ~/.cache/hubjobs/java-sdk/<hash of the pom> (and ~/.m2); later runs start `java` directly on the
// check's source file, so a rerun costs one JVM start. Java and Maven come with the machine.
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";

const JAVA_DIR = new URL("./java/", import.meta.url).pathname;
const POM = join(JAVA_DIR, "pom.xml");
const CHECK = join(JAVA_DIR, "ServiceSdkCheck.java");
const RUN_TIMEOUT_MS = 120_000;

/** Why the Java SDK cannot run here (no java or mvn on PATH), or undefined when it can. */
export function javaSdkMissing(): string | undefined {
  for (const tool of ["java", "mvn"]) {
    if (spawnSync(tool, ["-version"], { stdio: "ignore" }).status !== 0) return `no \`${tool}\` on PATH (Java 17 and Maven run the Java service SDK check)`;
  }
  return undefined;
}

export interface JavaCheckInput {
  connectionString: string;
  runPrefix: string;
  deviceId: string;
  /** The emulator's self-signed certificate, made the JVM's trust store; undefined for a real hub. */
  caCertPath: string | undefined;
}

/** One JSON object per step, as ServiceSdkCheck.java prints them. */
export async function runJavaServiceSdkCheck(input: JavaCheckInput): Promise<Record<string, any>[]> {
  const classPath = await resolveClassPath();
  const work = mkdtempSync(join(tmpdir(), "hubjobs-java-"));
  try {
    const jvmArgs: string[] = [];
    if (input.caCertPath) {
      const store = join(work, "trust.p12");
      await run("keytool", ["-importcert", "-noprompt", "-alias", "hubjobs-hub", "-file", input.caCertPath, "-keystore", store, "-storepass", "hubjobs", "-storetype", "PKCS12"]);
      jvmArgs.push(`-Djavax.net.ssl.trustStore=${store}`, "-Djavax.net.ssl.trustStorePassword=hubjobs", "-Djavax.net.ssl.trustStoreType=PKCS12");
    }
    const stdout = await run("java", [...jvmArgs, "-cp", classPath, CHECK, input.connectionString, input.runPrefix, input.deviceId]);
    return stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, any>);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function resolveClassPath(): Promise<string> {
  const hash = createHash("sha256").update(readFileSync(POM)).digest("hex").slice(0, 16);
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "hubjobs", "java-sdk", hash);
  const file = join(dir, "classpath.txt");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed, so a concurrent run never reads half a class path.
    const partial = `${file}.${process.pid}`;
    await run("mvn", ["-q", "-B", "-f", POM, "dependency:build-classpath", `-Dmdep.outputFile=${partial}`]);
    renameSync(partial, file);
  }
  return readFileSync(file, "utf8").trim();
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // execFile's timeout kills the child, so a hung JVM never outlives the test.
    execFile(command, args, { timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}\n${stdout}`.trim()));
      else resolve(stdout);
    });
  });
}
