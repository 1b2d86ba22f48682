package fastai.kernel;

import com.google.gson.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The IOPub publisher. Any thread may publish; one thread owns the socket and sends in the order
 * messages were published, so outputs, errors and status messages never overtake each other.
 */
final class IoPub {
    private static final Message STOP = new Message(java.util.List.of(), Header.create("", "stop"),
            new JsonObject(), new JsonObject(), new JsonObject(), java.util.List.of());

    private volatile Channel channel;
    private final MessageFactory messages;
    private final BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    IoPub(MessageFactory messages) {
        this.messages = messages;
        this.thread = new Thread(this::run, "iopub");
    }

    /** The socket, once bound; messages published before are queued. */
    void attach(Channel iopubChannel) { this.channel = iopubChannel; }

    void start() { thread.start(); }

    void publish(Message parent, String type, JsonObject content) {
        queue.add(messages.broadcast(parent, type, content));
    }

    void status(Message parent, String state) {
        JsonObject c = new JsonObject();
        c.addProperty("execution_state", state);
        publish(parent, "status", c);
    }

    void stream(Message parent, String name, String text) {
        JsonObject c = new JsonObject();
        c.addProperty("name", name);
        c.addProperty("text", text);
        publish(parent, "stream", c);
    }

    /** Sends what is queued, then stops (waits at most {@code millis}). */
    void stop(long millis) throws InterruptedException {
        queue.add(STOP);
        thread.join(millis);
    }

    private void run() {
        while (true) {
            Message m;
            try {
                m = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (m == null) continue;
            if (m == STOP) return;
            try {
                channel.send(m);
            } catch (RuntimeException e) {
                Log.warn("iopub: could not send " + m.type(), e);
            }
        }
    }
}
