package fastai.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Requests on the shell channel: execute, complete, inspect, is_complete, history, kernel_info,
 * comm_info (and shutdown, which clients may also send here). Every request is wrapped in
 * busy / idle status messages; an exception in one request is logged and answered with an
 * error reply, and the loop goes on.
 */
final class ShellHandler {
    private static final Pattern HELP = Pattern.compile("^\\s*([\\p{javaJavaIdentifierPart}.]+)\\?\\s*$");

    private final Kernel kernel;
    private final Channel shell;
    private final Map<String, Consumer<Message>> handlers = new HashMap<>();
    private int executionCount;
    private boolean abortQueued;

    ShellHandler(Kernel kernel, Channel shell) {
        this.kernel = kernel;
        this.shell = shell;
        handlers.put("execute_request", this::execute);
        handlers.put("complete_request", this::complete);
        handlers.put("inspect_request", this::inspect);
        handlers.put("is_complete_request", this::isComplete);
        handlers.put("history_request", this::history);
        handlers.put("kernel_info_request", m -> reply(m, "kernel_info_reply", kernel.kernelInfo()));
        handlers.put("comm_info_request", this::commInfo);
        handlers.put("comm_open", m -> Log.debug("ignored comm_open for " + m.string("target_name", "?")));
        handlers.put("comm_msg", m -> { });
        handlers.put("comm_close", m -> { });
        handlers.put("shutdown_request", m -> {
            JsonObject c = new JsonObject();
            c.addProperty("status", "ok");
            c.addProperty("restart", m.bool("restart", false));
            reply(m, "shutdown_reply", c);
            kernel.shutdown();
        });
    }

    /**
     * Loop body: one message from the shell socket. After a cell failed with stop_on_error (what
     * "Run All" sends), the execute requests already queued behind it are aborted.
     */
    void handle(Message m) {
        kernel.iopub.status(m, "busy");
        try {
            Consumer<Message> h = handlers.get(m.type());
            if (h == null) Log.warn("shell: no handler for " + m.type());
            else h.accept(m);
        } catch (Throwable t) {
            Log.warn("shell: " + m.type() + " failed", t);
            if (m.type().endsWith("_request")) {
                JsonObject c = new JsonObject();
                c.addProperty("status", "error");
                c.addProperty("ename", t.getClass().getSimpleName());
                c.addProperty("evalue", String.valueOf(t.getMessage()));
                c.add("traceback", new JsonArray());
                reply(m, m.type().replace("_request", "_reply"), c);
            }
        } finally {
            // as ipykernel: the queued executes are answered before this request's idle
            if (abortQueued) {
                abortQueued = false;
                abortQueuedExecutes();
            }
            kernel.iopub.status(m, "idle");
        }
    }

    /**
     * Like Jupyter's stop_on_error: execute requests that were already waiting when a cell failed
     * (e.g. "Run all") are answered "aborted" instead of run. Requests sent later run normally.
     */
    private void abortQueuedExecutes() {
        Message m;
        while ((m = shell.receiveNow()) != null) {
            if ("execute_request".equals(m.type())) {
                kernel.iopub.status(m, "busy");
                JsonObject c = new JsonObject();
                c.addProperty("status", "aborted");
                c.addProperty("execution_count", executionCount);
                reply(m, "execute_reply", c);
                kernel.iopub.status(m, "idle");
            } else {
                handle(m);
            }
        }
    }

    private void reply(Message request, String type, JsonObject content) {
        shell.send(kernel.messages.reply(request, type, content));
    }

    private void execute(Message m) {
        String code = m.string("code", "");
        boolean silent = m.bool("silent", false);
        boolean store = m.bool("store_history", !silent) && !silent;
        boolean stopOnError = m.bool("stop_on_error", true);
        if (store) executionCount++;
        int count = executionCount;
        if (!silent) {
            JsonObject in = new JsonObject();
            in.addProperty("code", code);
            in.addProperty("execution_count", count);
            kernel.iopub.publish(m, "execute_input", in);
        }
        kernel.router.beginCell(m, count, silent);
        kernel.stdin.begin(m, m.bool("allow_stdin", false));
        for (String w : kernel.takeWarnings()) kernel.iopub.stream(m, "stderr", w + "\n");
        JsonArray payload = new JsonArray();
        Outcome outcome;
        var help = HELP.matcher(code);
        if (help.matches()) {
            outcome = page(m, help.group(1), payload);
        } else {
            outcome = kernel.executor.execute(code, count, !silent, note -> {
                kernel.flushOutput();
                kernel.iopub.stream(m, "stderr", note);
            });
        }
        kernel.finishOutput();
        String result = kernel.router.endCell();
        JsonObject c = new JsonObject();
        if (outcome instanceof Outcome.Error e) {
            JsonObject err = new JsonObject();
            err.addProperty("ename", e.ename());
            err.addProperty("evalue", e.evalue());
            err.add("traceback", strings(e.traceback()));
            kernel.iopub.publish(m, "error", err);
            c.addProperty("status", "error");
            c.addProperty("execution_count", count);
            c.addProperty("ename", e.ename());
            c.addProperty("evalue", e.evalue());
            c.add("traceback", strings(e.traceback()));
            abortQueued = stopOnError;
        } else {
            c.addProperty("status", "ok");
            c.addProperty("execution_count", count);
            c.add("payload", payload);
            c.add("user_expressions", new JsonObject());
        }
        reply(m, "execute_reply", c);
        if (store) kernel.history.add(count, code, result);
    }

    /** {@code Name?} shows the documentation of Name in the pager, like IPython. */
    private Outcome page(Message m, String name, JsonArray payload) {
        try {
            Introspection.Doc doc = Introspection.inspect(kernel.executor.session().js.sourceCodeAnalysis(), kernel.executor.sourceDocs(), name, name.length());
            if (!doc.found()) {
                kernel.iopub.stream(m, "stderr", "no documentation found for " + name + "\n");
                return Outcome.OK;
            }
            JsonObject p = new JsonObject();
            p.addProperty("source", "page");
            JsonObject data = new JsonObject();
            data.addProperty("text/plain", doc.text());
            p.add("data", data);
            p.addProperty("start", 0);
            payload.add(p);
            return Outcome.OK;
        } catch (CurrentSession.SessionUnavailable e) {
            return Outcome.error("SessionError", e.getMessage(), "SessionError: " + e.getMessage());
        }
    }

    private void complete(Message m) {
        String code = m.string("code", "");
        int cursor = m.integer("cursor_pos", code.codePointCount(0, code.length()));
        JsonObject c = new JsonObject();
        Introspection.Completion comp;
        try {
            comp = Introspection.complete(kernel.executor.session().js.sourceCodeAnalysis(), code, cursor);
        } catch (CurrentSession.SessionUnavailable e) {
            comp = new Introspection.Completion(List.of(), cursor, cursor);
        }
        c.addProperty("status", "ok");
        c.add("matches", strings(comp.matches()));
        c.addProperty("cursor_start", comp.start());
        c.addProperty("cursor_end", comp.end());
        c.add("metadata", new JsonObject());
        reply(m, "complete_reply", c);
    }

    private void inspect(Message m) {
        String code = m.string("code", "");
        int cursor = m.integer("cursor_pos", code.codePointCount(0, code.length()));
        JsonObject c = new JsonObject();
        Introspection.Doc doc;
        try {
            doc = Introspection.inspect(kernel.executor.session().js.sourceCodeAnalysis(), kernel.executor.sourceDocs(), code, cursor);
        } catch (CurrentSession.SessionUnavailable e) {
            doc = Introspection.Doc.NONE;
        }
        JsonObject data = new JsonObject();
        if (doc.found()) {
            data.addProperty("text/plain", doc.text());
            data.addProperty("text/markdown", doc.markdown());
        }
        c.addProperty("status", "ok");
        c.addProperty("found", doc.found());
        c.add("data", data);
        c.add("metadata", new JsonObject());
        reply(m, "inspect_reply", c);
    }

    private void isComplete(Message m) {
        JsonObject c = new JsonObject();
        try {
            String[] r = Introspection.isComplete(kernel.executor.session().js.sourceCodeAnalysis(), m.string("code", ""));
            c.addProperty("status", r[0]);
            if ("incomplete".equals(r[0])) c.addProperty("indent", r[1]);
        } catch (CurrentSession.SessionUnavailable e) {
            c.addProperty("status", "unknown");
        }
        reply(m, "is_complete_reply", c);
    }

    private void history(Message m) {
        boolean output = m.bool("output", false);
        JsonArray h = switch (m.string("hist_access_type", "tail")) {
            case "range" -> kernel.history.range(m.integer("session", 0), m.integer("start", 0), m.integer("stop", 0), output);
            case "search" -> kernel.history.search(m.string("pattern", "*"), m.integer("n", 0), m.bool("unique", false), output);
            default -> kernel.history.tail(m.integer("n", 10), output);
        };
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        c.add("history", h);
        reply(m, "history_reply", c);
    }

    private void commInfo(Message m) {
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        c.add("comms", new JsonObject());
        reply(m, "comm_info_reply", c);
    }

    private static JsonArray strings(List<String> list) {
        JsonArray a = new JsonArray();
        list.forEach(a::add);
        return a;
    }
}
