package fastai.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The kernel: binds the five sockets, creates every handler, and only then starts the loops
 * (so no request can arrive before the kernel can answer it). Shell and control each have their
 * own thread, so interrupt and shutdown are answered while a cell runs; heartbeat has its own;
 * IOPub is sent from one publisher thread.
 */
final class Kernel {
    static final String VERSION = "0.1.0";
    private static final int POLL_MS = 200;

    final MessageFactory messages = new MessageFactory();
    final IoPub iopub;
    volatile StdinChannel stdin;
    private final LineServer lineServer;
    final OutputRouter router;
    final Executor executor;
    final CellHistory history = new CellHistory();
    private final KernelConfig config;
    private final ZContext context;
    private final Channel shell;
    private final Channel control;
    private final Heartbeat heartbeat;
    private final ShellHandler shellHandler;
    private final ControlHandler controlHandler;
    private final OutputFramer stdout;
    private final OutputFramer stderr;
    private final ScheduledExecutorService flusher;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<String> warnings;
    private volatile boolean running = true;

    Kernel(ConnectionInfo info, KernelConfig config) {
        this.config = config;
        this.warnings = new ArrayList<>(config.warnings());
        iopub = new IoPub(messages);
        router = new OutputRouter(iopub);
        OutputFramer[] streams = OutputFramer.pair(router, config.maxOutput());
        stdout = streams[0];
        stderr = streams[1];
        // The five ports of the connection file are bound first. Jupyter picked them free and let them go;
        // the session start below opens local sockets of its own (JShell's connection to the execution JVM,
        // the line server) on ports the system hands out from the same range, and one of those took a
        // connection-file port in 1 of ~100 starts here ("Address already in use").
        context = new ZContext();
        ZMQ.Socket shellSocket = bind(SocketType.ROUTER, info.address(info.shellPort()));
        ZMQ.Socket controlSocket = bind(SocketType.ROUTER, info.address(info.controlPort()));
        ZMQ.Socket stdinSocket = bind(SocketType.ROUTER, info.address(info.stdinPort()));
        ZMQ.Socket iopubSocket = bind(SocketType.PUB, info.address(info.iopubPort()));
        ZMQ.Socket hbSocket = bind(SocketType.REP, info.address(info.hbPort()));
        lineServer = startLineServer();
        executor = new Executor(config, new PrintStream(stdout, false), new PrintStream(stderr, false),
                lineServer.port(), () -> {
                    StdinChannel in = stdin;
                    if (in != null) in.cancel();
                });
        // The Java session takes longest to start: it starts before the handlers are made (it handles no
        // requests; cells wait for it). No loop runs until every handler exists.
        executor.startSession();

        Signer signer = new Signer(info.signatureScheme(), info.key());
        shell = new Channel("shell", shellSocket, signer);
        control = new Channel("control", controlSocket, signer);
        Channel stdinChannel = new Channel("stdin", stdinSocket, signer);
        Channel iopubChannel = new Channel("iopub", iopubSocket, signer);
        heartbeat = new Heartbeat(hbSocket);
        iopub.attach(iopubChannel);
        stdin = new StdinChannel(stdinChannel, messages, this::flushOutput);
        shellHandler = new ShellHandler(this, shell);
        controlHandler = new ControlHandler(this, control);
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "output-flush");
            t.setDaemon(true);
            return t;
        });
    }

    private ZMQ.Socket bind(SocketType type, String address) {
        ZMQ.Socket s = context.createSocket(type);
        s.setLinger(1000);
        s.setReceiveTimeOut(POLL_MS);
        if (!s.bind(address)) throw new IllegalStateException("could not bind " + address);
        return s;
    }

    /** Starts the loops; returns at once. */
    void start() {
        iopub.start();
        heartbeat.start();
        flusher.scheduleWithFixedDelay(this::flushOutput, 50, 50, TimeUnit.MILLISECONDS);
        loop("control", control, controlHandler::handle);
        loop("shell", shell, shellHandler::handle);
        iopub.status(null, "starting");
        Log.info("kernel started (session " + messages.id + ", FASTAI_HOME " + config.home() + ")");
    }

    private void loop(String name, Channel channel, java.util.function.Consumer<Message> handler) {
        Thread t = new Thread(() -> {
            while (running) {
                try {
                    Message m = channel.receive();
                    if (m != null && running) handler.accept(m);
                } catch (Throwable e) {
                    if (running) Log.warn(name + " loop: " + e, e);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private LineServer startLineServer() {
        try {
            return new LineServer(() -> {
                StdinChannel in = stdin;
                return in == null ? null : in.readLine();
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not open a loopback port for the cells' System.in", e);
        }
    }

    void awaitShutdown() throws InterruptedException { stopped.await(); }

    /** Interrupts the running cell (from interrupt_request or SIGINT). */
    void interrupt() { executor.interrupt(); }

    void shutdown() {
        if (!running) return;
        running = false;
        Log.info("shutting down");
        executor.shutdown();
        lineServer.close();
        heartbeat.stop();
        try {
            iopub.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.countDown();
    }

    void flushOutput() {
        try {
            stdout.flush();
            stderr.flush();
        } catch (RuntimeException e) {
            Log.warn("flushing output", e);
        }
    }

    /** At the end of a cell: everything the cell printed is published (with a note if some was dropped). */
    void finishOutput() {
        stdout.finishCell();
        stderr.finishCell();
    }

    synchronized List<String> takeWarnings() {
        List<String> w = List.copyOf(warnings);
        warnings.clear();
        return w;
    }

    JsonObject kernelInfo() {
        JsonObject lang = new JsonObject();
        lang.addProperty("name", "java");
        lang.addProperty("version", System.getProperty("java.version"));
        lang.addProperty("mimetype", "text/x-java-source");
        lang.addProperty("file_extension", ".java");
        lang.addProperty("pygments_lexer", "java");
        lang.addProperty("codemirror_mode", "text/x-java");
        JsonObject c = new JsonObject();
        c.addProperty("status", "ok");
        c.addProperty("protocol_version", Header.PROTOCOL_VERSION);
        c.addProperty("implementation", "fastai-java");
        c.addProperty("implementation_version", VERSION);
        c.add("language_info", lang);
        c.addProperty("banner", "Java " + System.getProperty("java.version")
                + " (JShell) for the fast.ai course. In every cell: display(obj), display(obj, id), "
                + "updateDisplay(id, obj), clearOutput(); %maven group:artifact:version adds a library; %lsmagic lists the magics; "
                + "Name? shows documentation.");
        c.addProperty("debugger", false);
        JsonArray links = new JsonArray();
        JsonObject api = new JsonObject();
        api.addProperty("text", "Java SE 17 API");
        api.addProperty("url", "https://docs.oracle.com/en/java/javase/17/docs/api/");
        links.add(api);
        JsonObject dl4j = new JsonObject();
        dl4j.addProperty("text", "Deeplearning4j");
        dl4j.addProperty("url", "https://deeplearning4j.konduit.ai/");
        links.add(dl4j);
        c.add("help_links", links);
        return c;
    }
}
