package dev.nexus.cli;

import dev.nexus.models.ModelCatalog;
import dev.nexus.models.ModelStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** {@code models list|pull|verify}: the model store from the command line. */
public final class ModelsCommand {
  private final Console console;

  public ModelsCommand(Console console) {
    this.console = console;
  }

  /** Runs one models command; returns the exit code. */
  public int run(List<String> args) {
    ModelStore store = new ModelStore(console.environment().models(), ModelCatalog.embedded(),
        console.env().get(ModelStore.MIRROR_ENV)).python(console.env().get("NEXUS_PYTHON"));
    Deque<String> words = new ArrayDeque<>(args);
    String verb = words.isEmpty() ? "list" : words.pop();
    switch (verb) {
      case "list" -> {
        console.out().println("models in " + store.root() + ":");
        for (ModelCatalog.Model model : store.catalog().all()) {
          console.out().printf("  %-24s %-8s %s%n", model.name(), store.isPresent(model.name()) ? "present" : "-",
              model.description());
        }
        return 0;
      }
      case "pull", "verify" -> {
        if (words.isEmpty()) {
          console.err().println("models " + verb + " needs at least one model name; see 'models list'");
          return 2;
        }
        int failures = 0;
        for (String name : words) {
          failures += verb.equals("pull") ? pull(store, name) : verify(store, name);
        }
        return failures == 0 ? 0 : 1;
      }
      default -> {
        console.err().println("unknown models command '" + verb + "'\n" + Usage.TEXT);
        return 2;
      }
    }
  }

  private int pull(ModelStore store, String name) {
    try {
      store.pull(name, line -> console.out().println(name + ": " + line));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      console.err().println(name + ": interrupted");
      return 1;
    } catch (Exception e) {
      console.err().println(name + ": pull failed: " + e.getMessage());
      return 1;
    }
  }

  private int verify(ModelStore store, String name) {
    String problem = store.verify(name);
    if (problem == null) {
      console.out().println(name + ": ok");
      return 0;
    }
    console.err().println(name + ": " + problem);
    return 1;
  }
}
