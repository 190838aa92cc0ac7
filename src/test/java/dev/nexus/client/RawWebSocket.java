package dev.nexus.client;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for tests that need TCP itself to push back: it reads only when
 * asked to, so a server's writes pile up in the kernel's buffers while it does not.
 */
public final class RawWebSocket {
  /** A close frame's status code and reason. */
  public record Close(int code, String reason) {
  }

  private final DataInputStream in;
  private final OutputStream out;

  /** Performs the HTTP upgrade for {@code pathAndQuery} on a connected socket. */
  public RawWebSocket(Socket socket, String pathAndQuery) throws IOException {
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    String key = Base64.getEncoder().encodeToString("nexus-test-key-16".substring(0, 16).getBytes(StandardCharsets.US_ASCII));
    out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("the upgrade was refused: " + head);
    }
  }

  /** Sends a text frame (masked, as a client must). */
  public void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Reads frames until a text frame containing {@code marker}; returns its text. */
  public String awaitText(String marker) throws IOException {
    while (true) {
      int[] opcode = new int[1];
      byte[] payload = readFrame(opcode);
      if (opcode[0] == 8) {
        throw new IOException("closed while waiting for " + marker);
      }
      String text = new String(payload, StandardCharsets.UTF_8);
      if (opcode[0] == 1 && text.contains(marker)) {
        return text;
      }
    }
  }

  /** Reads (and drops) frames until the close frame; returns its code and reason. */
  public Close awaitClose() throws IOException {
    while (true) {
      int[] opcode = new int[1];
      byte[] payload = readFrame(opcode);
      if (opcode[0] == 8) {
        int code = payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        return new Close(code, reason);
      }
    }
  }

  private byte[] readFrame(int[] opcode) throws IOException {
    int first = in.readUnsignedByte();
    opcode[0] = first & 0x0f;
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return payload;
  }
}
