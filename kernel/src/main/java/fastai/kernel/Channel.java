package fastai.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * One ZeroMQ socket speaking the Jupyter wire format:
 * {@code [identities..., "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers...]}.
 * A socket is used by one thread only (the owner of the channel's loop).
 */
final class Channel {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);

    final String name;
    final ZMQ.Socket socket;
    private final Signer signer;

    Channel(String name, ZMQ.Socket socket, Signer signer) {
        this.name = name;
        this.socket = socket;
        this.signer = signer;
    }

    /** The next message, or null on timeout or when a message is malformed or badly signed (then logged). */
    Message receive() {
        byte[] first = socket.recv(0);
        if (first == null) return null;
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) frames.add(socket.recv(0));
        return parse(frames);
    }

    /** Like {@link #receive()} but returns at once when nothing is waiting. */
    Message receiveNow() {
        byte[] first = socket.recv(ZMQ.DONTWAIT);
        if (first == null) return null;
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) frames.add(socket.recv(0));
        return parse(frames);
    }

    Message parse(List<byte[]> frames) {
        int d = 0;
        while (d < frames.size() && !Arrays.equals(frames.get(d), DELIMITER)) d++;
        if (d + 5 >= frames.size()) {
            Log.warn(name + ": dropped a malformed message (" + frames.size() + " frames)");
            return null;
        }
        String signature = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
        byte[] h = frames.get(d + 2), p = frames.get(d + 3), m = frames.get(d + 4), c = frames.get(d + 5);
        if (!signer.verify(signature, h, p, m, c)) {
            Log.warn(name + ": dropped a message with a bad signature");
            return null;
        }
        try {
            return new Message(
                    List.copyOf(frames.subList(0, d)),
                    Header.fromJson(json(h)), json(p), json(m), json(c),
                    List.copyOf(frames.subList(d + 6, frames.size())));
        } catch (RuntimeException e) {
            Log.warn(name + ": dropped a message that is not valid JSON: " + e);
            return null;
        }
    }

    void send(Message msg) {
        byte[] h = bytes(msg.header().toJson());
        byte[] p = bytes(msg.parentHeader());
        byte[] m = bytes(msg.metadata());
        byte[] c = bytes(msg.content());
        for (byte[] id : msg.identities()) socket.sendMore(id);
        socket.sendMore(DELIMITER);
        socket.sendMore(signer.sign(h, p, m, c).getBytes(StandardCharsets.US_ASCII));
        socket.sendMore(h);
        socket.sendMore(p);
        socket.sendMore(m);
        if (msg.buffers().isEmpty()) {
            socket.send(c, 0);
        } else {
            socket.sendMore(c);
            for (int i = 0; i < msg.buffers().size(); i++) {
                if (i < msg.buffers().size() - 1) socket.sendMore(msg.buffers().get(i));
                else socket.send(msg.buffers().get(i), 0);
            }
        }
    }

    private static JsonObject json(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        return s.isBlank() ? new JsonObject() : JsonParser.parseString(s).getAsJsonObject();
    }

    private static byte[] bytes(JsonObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
