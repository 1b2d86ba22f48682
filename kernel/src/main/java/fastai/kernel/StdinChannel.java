package fastai.kernel;

import com.google.gson.JsonObject;
import java.io.InterruptedIOException;

/**
 * The stdin channel: when a cell reads {@code System.in}, ask the frontend for a line with
 * {@code input_request} and hand the answer to the cell (through {@link LineServer}). Without
 * {@code allow_stdin} the cell sees end of input. A new cell, an interrupt or the end of the Java
 * session cancels a pending request.
 */
final class StdinChannel {
    private final Channel channel;
    private final MessageFactory messages;
    private final Runnable beforeAsking;
    private volatile Message request;     // the execute_request being run
    private volatile boolean allowed;
    private volatile int generation;      // changes on every new cell and every cancel

    StdinChannel(Channel channel, MessageFactory messages, Runnable beforeAsking) {
        this.channel = channel;
        this.messages = messages;
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

    /** The line the user typed, or null (end of input) when the cell may not ask. */
    String readLine() throws InterruptedIOException {
        int gen = generation;
        if (!allowed || request == null) return null;
        beforeAsking.run(); // the prompt the cell printed goes out first
        JsonObject c = new JsonObject();
        c.addProperty("prompt", "");
        c.addProperty("password", false);
        synchronized (channel) {
            channel.send(messages.reply(request, "input_request", c));
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
