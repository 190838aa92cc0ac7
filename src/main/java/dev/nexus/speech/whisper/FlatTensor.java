package dev.nexus.speech.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * A float tensor's values as one flat array with its shape, the first dimension the batch. ONNX Runtime makes a tensor
 * from a flat buffer in one copy, but from nested Java arrays ({@code float[b][6][1500][64]}) it walks every innermost
 * array: for a cross-attention cache that is hundreds of milliseconds against tens.
 */
record FlatTensor(float[] values, long[] shape) {

  static FlatTensor of(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return new FlatTensor(values, tensor.getInfo().getShape());
  }

  /** The encoder's states, [batch][positions][width], flattened. */
  static FlatTensor of(float[][][] rows) {
    int positions = rows[0].length;
    int width = rows[0][0].length;
    float[] values = new float[rows.length * positions * width];
    int at = 0;
    for (float[][] row : rows) {
      for (float[] position : row) {
        System.arraycopy(position, 0, values, at, width);
        at += width;
      }
    }
    return new FlatTensor(values, new long[] {rows.length, positions, width});
  }

  /** The rows at these positions of the batch, in order. */
  FlatTensor rows(List<Integer> positions) {
    int row = values.length / (int) shape[0];
    float[] out = new float[positions.size() * row];
    for (int i = 0; i < positions.size(); i++) {
      System.arraycopy(values, positions.get(i) * row, out, i * row, row);
    }
    long[] kept = shape.clone();
    kept[0] = positions.size();
    return new FlatTensor(out, kept);
  }

  OnnxTensor tensor(OrtEnvironment env) throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
  }
}
