package fastai.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The stdin channel: when a cell reads {@code System.in}, ask the frontend for a line with
 * {@code input_request} and hand the answer to the cell. The cell's System.in is {@link #input()}.
 * Without {@code allow_stdin} the cell sees end of input. A new cell, an interrupt or the end of
 * the Java session cancels a pending request (JShell reads input on the thread that also carries
 * the cell's output and results, so a request left waiting would block everything).
 */
final class StdinChannel {
    private final Channel channel;
    private final Session session;
    private final Runnable beforeAsking;
    private volatile Message request;     // the execute_request being run
    private volatile boolean allowed;
    private volatile int generation;      // changes on every new cell and every cancel
    private byte[] buffer = new byte[0];  // used by the one thread JShell reads input on
    private int pos;
    private int bufferGeneration;

    StdinChannel(Channel channel, Session session, Runnable beforeAsking) {
        this.channel = channel;
        this.session = session;
        this.beforeAsking = beforeAsking;
    }

    /** Called at the start of every cell. */
    void begin(Message executeRequest, boolean allowStdin) {
        request = executeRequest;
        allowed = allowStdin;
        generation++;
    }

    /** Ends a pending input request: the cell reading input sees an interruption. */
    void cancel() { generation++; }

    InputStream input() {
        return new InputStream() {
            @Override public int read() throws IOException {
                return StdinChannel.this.read();
            }
        };
    }

    private int read() throws IOException {
        int gen = generation;
        if (bufferGeneration == gen && pos < buffer.length) return buffer[pos++] & 0xff;
        if (!allowed || request == null) return -1;
        String line = ask(gen);
        buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
        bufferGeneration = gen;
        pos = 0;
        return buffer[pos++] & 0xff;
    }

    private String ask(int gen) throws InterruptedIOException {
        beforeAsking.run(); // the prompt the cell printed goes out first
        JsonObject c = new JsonObject();
        c.addProperty("prompt", "");
        c.addProperty("password", false);
        synchronized (channel) {
            channel.send(session.reply(request, "input_request", c));
            while (generation == gen) {
                Message reply = channel.receive(); // the socket has a receive timeout
                if (reply == null) continue;
                if ("input_reply".equals(reply.type())) return reply.string("value", "");
                Log.warn("stdin: ignored " + reply.type());
            }
        }
        throw new InterruptedIOException("input cancelled");
    }
}
