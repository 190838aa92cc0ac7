package dev.nexus.cli;

/** The command line's help text. */
public final class Usage {
  /** What {@code help} prints, and what follows an unknown command or option. */
  public static final String TEXT = String.join("\n",
      "usage: java -jar nexus.jar <command> [options]",
      "",
      "commands:",
      "  serve [--port N] [--config DIR]   run the server (defaults embedded; DIR overrides verticles-config/*.yaml)",
      "        [--tls-cert FILE --tls-key FILE | --tls-self-signed]   serve https:// and wss:// (PEM files)",
      "        [--cluster [--cluster-host IP] [--cluster-port N] [--cluster-members IP:PORT,...]]",
      "        [--roles gateway,asr,tts,llm,podcast,tools|none] [--plugin CLASS]...",
      "                                     join a Hazelcast cluster (TCP/IP members) and run only these roles",
      "  models list                        list the models Nexus can pull, and which are present",
      "  models pull NAME...                download models into NEXUS_MODELS, checking sha256",
      "  models verify NAME...              re-check the sha256 of models already pulled",
      "  loadtest [--sessions N] [--listening L] [--podcasts M] [--seconds S] [--spread] [--audio FILE] [--csv FILE]",
      "           [--warmup W] [--url ws://127.0.0.1:PORT | --config DIR]",
      "                                     realtime (speaking, and listening to faint noise) and podcast sessions",
      "                                     on loopback (a server of its own, configured like serve, when no --url);",
      "                                     prints percentiles, appends to the CSV. N or L as steps (1,2,3): a ramp,",
      "                                     S seconds a step (after W s of warm-up), up to the first step that",
      "                                     does not keep up",
      "  podcast (--text FILE | --topic T | --url U) [--minutes N] [--style deep_dive|brief|debate]",
      "          [--out FILE.wav] [--server http://127.0.0.1:PORT]",
      "                                     make an episode with a progress bar (a server of its own when no",
      "                                     --server), then save its audio and print its transcript",
      "  report [FILE.csv]                  summary of a latency ledger (default: the newest in NEXUS_DATA/metrics)",
      "                                     and a PNG chart beside it",
      "  help                               this text",
      "",
      "environment: NEXUS_PORT (8080), NEXUS_MODELS (~/.cache/nexus/models), NEXUS_DATA (~/.local/share/nexus),",
      "             NEXUS_MODELS_MIRROR (fetch models from a mirror), NEXUS_PYTHON (for models pull whisper-*:",
      "             Python with PyTorch, /usr/bin/python3), NEXUS_LOG_LEVEL (INFO),",
      "             NEXUS_API_KEYS (comma-separated keys every /v1 request must present),",
      "             NEXUS_API_KEYS_FILE (keys with their rights, one a line; read again when it changes)");

  private Usage() {
  }
}
