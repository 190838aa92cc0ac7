package dev.nexus.config;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ConfigExceptionTest {

  @Test
  void withinReturnsTheFailureItselfWhenItIsAConfigurationProblem() {
    ConfigException problem = new ConfigException("speech.yaml: engine: unknown 'x'");
    assertSame(problem, ConfigException.within(problem));
  }

  @Test
  void withinFindsAConfigurationProblemWrappedSeveralCausesDeep() {
    ConfigException problem = new ConfigException("tts.yaml: voice: missing");
    Exception wrapped = new CompletionException(new IllegalStateException("deploy failed",
        new RuntimeException(problem)));
    assertSame(problem, ConfigException.within(wrapped));
  }

  @Test
  void withinReturnsTheOutermostConfigurationProblemWhenTheChainHoldsTwo() {
    ConfigException inner = new ConfigException("inner");
    ConfigException outer = new ConfigException("outer");
    outer.initCause(inner);
    assertSame(outer, ConfigException.within(new RuntimeException(outer)));
  }

  @Test
  void withinReturnsNullWhenNoCauseIsAConfigurationProblem() {
    assertNull(ConfigException.within(new RuntimeException(new IOException("disk full"))));
    assertNull(ConfigException.within(null));
  }
}
