package fastai.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message. {@code identities} are the ZeroMQ routing frames (the reply goes back
 * with the same ones); the parent header is kept as JSON because a kernel only echoes it.
 */
record Message(List<byte[]> identities, Header header, JsonObject parentHeader, JsonObject metadata,
               JsonObject content, List<byte[]> buffers) {

    String type() { return header.msgType(); }

    String string(String key, String fallback) {
        JsonElement e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    boolean bool(String key, boolean fallback) {
        JsonElement e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
    }

    int integer(String key, int fallback) {
        JsonElement e = content.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsInt();
    }
}
