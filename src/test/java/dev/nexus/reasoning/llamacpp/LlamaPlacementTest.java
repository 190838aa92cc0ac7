package dev.nexus.reasoning.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gpu-layers without a CUDA build of llama.cpp is a warning, never silence. */
class LlamaPlacementTest {

  @Test
  void gpuLayersWithTheCpuBuildAreReportedAsIgnored() {
    assertThat(LlamaCppModel.placement(8, 2, null).fallbackReason())
        .startsWith("gpu-layers 8 has no effect: the llama.cpp library on the class path is the CPU build")
        .contains("-Dde.kherud.llama.lib.path=DIR");
    assertThat(LlamaCppModel.placement(8, 2, null).device()).isEqualTo("cpu");
    assertThat(LlamaCppModel.placement(0, 2, null).fallbackReason()).isNull();
    assertThat(LlamaCppModel.placement(0, 2, null).requested()).isEqualTo("cpu");
  }

  @Test
  void gpuLayersWithAGivenLibraryAreLeftToThatLibrary() {
    assertThat(LlamaCppModel.placement(8, 2, "/opt/jllama-cuda").fallbackReason()).isNull();
    assertThat(LlamaCppModel.placement(8, 2, "/opt/jllama-cuda").provider()).isEqualTo("llama.cpp from /opt/jllama-cuda");
    assertThat(LlamaCppModel.placement(8, 2, "/opt/jllama-cuda").device()).startsWith("gpu-layers 8");
  }
}
