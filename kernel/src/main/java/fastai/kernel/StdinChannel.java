package fastai.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The stdin channel: when a cell reads {@code System.in}, ask the frontend for a line with
 * {@code input_request} and hand the answer to the cell. The cell's System.in is {@link #input()}.
 * Without {@code allow_stdin} the cell sees end of input; an interrupt cancels a pending request.
 */
final class StdinChannel {
    private final Channel channel;
    private final Session session;
    private volatile Message request;     // the execute_request being run
    private volatile boolean allowed;
    private volatile boolean cancelled;
    private byte[] buffer = new byte[0];
    private int pos;

    StdinChannel(Channel channel, Session session) {
        this.channel = channel;
        this.session = session;
    }

    /** Called at the start of every cell. */
    synchronized void begin(Message executeRequest, boolean allowStdin) {
        this.request = executeRequest;
        this.allowed = allowStdin;
        this.cancelled = false;
        this.buffer = new byte[0];
        this.pos = 0;
    }

    void cancel() { cancelled = true; }

    InputStream input() {
        return new InputStream() {
            @Override public int read() throws IOException {
                return StdinChannel.this.read();
            }
        };
    }

    private synchronized int read() throws IOException {
        if (pos < buffer.length) return buffer[pos++] & 0xff;
        if (!allowed || request == null) return -1;
        String line = ask("");
        if (line == null) return -1;
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        pos = 0;
        return buffer[pos++] & 0xff;
    }

    private String ask(String prompt) throws InterruptedIOException {
        JsonObject c = new JsonObject();
        c.addProperty("prompt", prompt);
        c.addProperty("password", false);
        Message req = request;
        channel.send(session.reply(req, "input_request", c));
        while (!cancelled) {
            Message reply = channel.receive(); // socket has a receive timeout
            if (reply == null) continue;
            if ("input_reply".equals(reply.type())) return reply.string("value", "");
            Log.warn("stdin: ignored " + reply.type());
        }
        throw new InterruptedIOException("input cancelled");
    }
}
