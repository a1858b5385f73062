// Inputs and outputs of the embedded-emulator hub resource.

export interface LocalHubInputs {
  /** The emulator's base URL, e.g. `http://127.0.0.1:4300`. */
  adminUrl: string;
  /** Bearer key of the emulator's admin API (secret). */
  adminKey: string;
  hubName: string;
  /** Free | S1 | S2 | S3 (decides concurrent jobs); emulator default when absent. */
  tier?: string;
  /** Host name to register; emulator default (`<name>.<something>.localhost`) when absent. */
  hostName?: string;
  /** Fleet document (YAML or JSON text) seeded into the hub; devices that already exist are kept as they are. */
  fleet?: string;
}

export interface LocalHubOutputs extends LocalHubInputs {
  hostName: string;
  tier: string;
  /** Where clients connect (the emulator's own address). */
  endpoint: string;
  /** registryReadWrite-capable connection string (secret). */
  connectionString: string;
  /**
   * True when this stack's PUT created the hub (201), false when it adopted one the emulator
   * already held (200). Only a created hub is deleted. Absent in state written before it was
   * recorded, which counts as adopted.
   */
  createdByStack?: boolean;
}
