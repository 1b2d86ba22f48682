package fastai.kernel;

import com.google.gson.JsonObject;

/**
 * Requests on the control channel, answered even while a cell runs: interrupt (stops the cell),
 * shutdown (and restart: the client starts a new process), kernel_info.
 */
final class ControlHandler {
    private final Kernel kernel;
    private final Channel control;

    ControlHandler(Kernel kernel, Channel control) {
        this.kernel = kernel;
        this.control = control;
    }

    void handle(Message m) {
        try {
            switch (m.type()) {
                case "interrupt_request" -> {
                    kernel.executor.interrupt();
                    JsonObject c = new JsonObject();
                    c.addProperty("status", "ok");
                    reply(m, "interrupt_reply", c);
                }
                case "shutdown_request" -> {
                    JsonObject c = new JsonObject();
                    c.addProperty("status", "ok");
                    c.addProperty("restart", m.bool("restart", false));
                    reply(m, "shutdown_reply", c);
                    kernel.shutdown();
                }
                case "kernel_info_request" -> reply(m, "kernel_info_reply", kernel.kernelInfo());
                default -> Log.warn("control: no handler for " + m.type());
            }
        } catch (Throwable t) {
            Log.warn("control: " + m.type() + " failed", t);
            JsonObject c = new JsonObject();
            c.addProperty("status", "error");
            c.addProperty("ename", t.getClass().getSimpleName());
            c.addProperty("evalue", String.valueOf(t.getMessage()));
            c.add("traceback", new com.google.gson.JsonArray());
            reply(m, m.type().replace("_request", "_reply"), c);
        }
    }

    private void reply(Message request, String type, JsonObject content) {
        control.send(kernel.messages.reply(request, type, content));
    }
}
