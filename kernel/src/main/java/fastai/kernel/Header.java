package fastai.kernel;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** A message header (protocol 5.3). */
record Header(String msgId, String session, String username, String date, String msgType, String version) {
    static final String PROTOCOL_VERSION = "5.3";

    static Header create(String session, String msgType) {
        return new Header(UUID.randomUUID().toString(), session, "kernel", Instant.now().toString(), msgType, PROTOCOL_VERSION);
    }

    static Header fromJson(JsonObject o) {
        return new Header(str(o, "msg_id"), str(o, "session"), str(o, "username"), str(o, "date"),
                str(o, "msg_type"), str(o, "version"));
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("msg_id", msgId);
        o.addProperty("session", session);
        o.addProperty("username", username);
        o.addProperty("date", date);
        o.addProperty("msg_type", msgType);
        o.addProperty("version", version);
        return o;
    }

    private static String str(JsonObject o, String k) {
        return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : "";
    }
}
