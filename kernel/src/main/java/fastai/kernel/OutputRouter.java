package fastai.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a cell's output goes: text as {@code stream} messages, display frames as
 * {@code display_data}, {@code update_display_data}, {@code clear_output} or
 * {@code execute_result}, all with the running cell's request as parent. Output that arrives
 * between cells (from threads a cell started) goes to the last cell. Updates of displays whose
 * id starts with "progress" are also echoed to the kernel's stderr, at most once a second per
 * bar, so a terminal running nbconvert shows training progress.
 */
final class OutputRouter implements OutputFramer.Listener {
    private static final long ECHO_EVERY_MS = 1000;

    private final IoPub iopub;
    private volatile Message parent;
    private volatile int executionCount;
    private volatile boolean cellRunning;
    private volatile boolean silent;
    private volatile String lastResult;
    private final Map<String, long[]> echoedAt = new HashMap<>();
    private final Map<String, String> unechoed = new HashMap<>();

    OutputRouter(IoPub iopub) {
        this.iopub = iopub;
    }

    void beginCell(Message request, int count, boolean silent) {
        this.parent = request;
        this.executionCount = count;
        this.silent = silent;
        this.lastResult = null;
        this.cellRunning = true;
    }

    /** Ends the cell; returns the text of its execute_result, if any (for history). */
    String endCell() {
        cellRunning = false;
        synchronized (echoedAt) {
            unechoed.forEach((id, text) -> System.err.println(text));
            unechoed.clear();
        }
        return lastResult;
    }

    Message parent() { return parent; }

    @Override
    public void text(String stream, String text) {
        Message p = parent;
        if (p == null) {
            Log.info("output before any cell (" + stream + "): " + text.strip());
            return;
        }
        iopub.stream(p, stream, text);
    }

    @Override
    public void frame(String json) {
        Message p = parent;
        JsonObject f;
        try {
            f = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            Log.warn("dropped a display frame that is not JSON: " + e.getMessage());
            return;
        }
        if (p == null) {
            Log.info("display before any cell: " + json.substring(0, Math.min(200, json.length())));
            return;
        }
        String type = f.get("type").getAsString();
        String id = f.has("id") ? f.get("id").getAsString() : null;
        JsonObject data = f.has("data") ? f.getAsJsonObject("data") : new JsonObject();
        JsonObject c = new JsonObject();
        switch (type) {
            case "clear" -> {
                c.addProperty("wait", f.has("wait") && f.get("wait").getAsBoolean());
                iopub.publish(p, "clear_output", c);
            }
            case "result" -> {
                if (!cellRunning || silent) {
                    publishDisplay(p, "display_data", data, null);
                    return;
                }
                c.addProperty("execution_count", executionCount);
                c.add("data", data);
                c.add("metadata", new JsonObject());
                lastResult = data.has("text/plain") ? data.get("text/plain").getAsString() : null;
                iopub.publish(p, "execute_result", c);
            }
            case "update" -> {
                publishDisplay(p, "update_display_data", data, id);
                echoProgress(id, data);
            }
            default -> {
                publishDisplay(p, "display_data", data, id);
                echoProgress(id, data);
            }
        }
    }

    private void publishDisplay(Message p, String msgType, JsonObject data, String id) {
        JsonObject c = new JsonObject();
        c.add("data", data);
        c.add("metadata", new JsonObject());
        JsonObject transient_ = new JsonObject();
        if (id != null) transient_.addProperty("display_id", id);
        c.add("transient", transient_);
        iopub.publish(p, msgType, c);
    }

    private void echoProgress(String id, JsonObject data) {
        if (id == null || !id.startsWith("progress") || !data.has("text/plain")) return;
        String text = data.get("text/plain").getAsString().replace('\n', ' ').strip();
        long now = System.currentTimeMillis();
        synchronized (echoedAt) {
            long[] last = echoedAt.computeIfAbsent(id, k -> new long[] {0});
            if (now - last[0] >= ECHO_EVERY_MS) {
                last[0] = now;
                unechoed.remove(id);
                System.err.println(text);
            } else {
                unechoed.put(id, text);
            }
        }
    }
}
