package fastai.kernel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The connection file Jupyter hands a kernel: where to bind the five sockets and how to sign. */
record ConnectionInfo(String transport, String ip, int shellPort, int iopubPort, int stdinPort,
                      int controlPort, int hbPort, String key, String signatureScheme) {

    static ConnectionInfo read(Path file) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        return new ConnectionInfo(
                o.has("transport") ? o.get("transport").getAsString() : "tcp",
                o.get("ip").getAsString(),
                o.get("shell_port").getAsInt(),
                o.get("iopub_port").getAsInt(),
                o.get("stdin_port").getAsInt(),
                o.get("control_port").getAsInt(),
                o.get("hb_port").getAsInt(),
                o.has("key") ? o.get("key").getAsString() : "",
                o.has("signature_scheme") ? o.get("signature_scheme").getAsString() : "hmac-sha256");
    }

    /** The ZeroMQ address of one port, e.g. {@code tcp://127.0.0.1:5555}. */
    String address(int port) {
        return "ipc".equals(transport) ? "ipc://" + ip + "-" + port : transport + "://" + ip + ":" + port;
    }
}
