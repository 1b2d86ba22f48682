package fastai.kernel;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Makes the kernel's messages (the protocol's "session" is this id): one session id for the kernel's lifetime, headers, parents. */
final class MessageFactory {
    final String id = UUID.randomUUID().toString();

    /** A reply to {@code request}, routed back to the same client. */
    Message reply(Message request, String type, JsonObject content) {
        return new Message(request.identities(), Header.create(id, type), request.header().toJson(),
                new JsonObject(), content, List.of());
    }

    /** A message to everyone on IOPub; {@code parent} may be null (then the parent header is empty). */
    Message broadcast(Message parent, String type, JsonObject content) {
        byte[] topic = ("kernel." + id + "." + type).getBytes(StandardCharsets.UTF_8);
        return new Message(List.of(topic), Header.create(id, type),
                parent == null ? new JsonObject() : parent.header().toJson(), new JsonObject(), content, List.of());
    }
}
