// Placeholder until the emulator's CA generation lands (owned by the emulator platform work).
export default function setup(): void {}
