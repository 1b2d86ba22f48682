package fastai.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * Runs cells in a JShell whose code executes in a separate JVM (the "Java session"). A
 * {@code System.exit}, a crash or a JVM killed by the OS ends only that JVM: the cell gets an error
 * saying so and a fresh session starts at once for the next cell. Interrupt stops the running
 * snippet through JDI (which stops even a loop that never checks for interruption) and, if
 * the cell has not stopped 10 s later, kills the session.
 */
final class Executor {
    static final long KILL_AFTER_MS = 10_000;

    /** One Java session: the JShell and the process of its execution JVM. */
    static final class Session {
        final JShell js;
        final int number;
        volatile ProcessHandle process;
        volatile boolean dead;
        volatile String killedBecause;

        Session(JShell js, int number) {
            this.js = js;
            this.number = number;
        }

        boolean ended() { return dead || (process != null && !process.isAlive()); }
    }

    private final KernelConfig config;
    private final PrintStream out;
    private final PrintStream err;
    private final int stdinPort;
    private final Runnable cancelInput;
    private final Errors errors = new Errors();
    private final MavenMagic maven = new MavenMagic();
    private final List<String> addedJars = new ArrayList<>();
    private final SourceDocs sourceDocs;
    private final Object startLock = new Object();
    private volatile CompletableFuture<Session> next;
    /** One execution of a cell; interrupts stop only the run they were meant for. */
    private static final class Run {
        final Session session;
        volatile boolean interruptRequested;

        Run(Session session) { this.session = session; }
    }

    private volatile Run running;              // the cell now running, else null
    private Thread interrupter;
    private Run interruptedRun;               // the run the interrupter thread is stopping
    private int sessions;

    Executor(KernelConfig config, PrintStream out, PrintStream err, int stdinPort, Runnable cancelInput) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.stdinPort = stdinPort;
        this.cancelInput = cancelInput;
        this.sourceDocs = new SourceDocs(config.home(), this::classpath);
    }

    /** The cells' class path now: the configured one and what %jars / %maven added. */
    List<String> classpath() {
        List<String> cp = new ArrayList<>(config.classpath());
        synchronized (addedJars) {
            cp.addAll(addedJars);
        }
        return cp;
    }

    /** Javadoc from sources for inspect. */
    SourceDocs sourceDocs() { return sourceDocs; }

    /** Starts a new Java session in the background (the kernel answers requests meanwhile). */
    void startSession() {
        CompletableFuture<Session> f = new CompletableFuture<>();
        synchronized (startLock) {
            next = f;
        }
        Thread t = new Thread(() -> {
            try {
                f.complete(build());
            } catch (Throwable e) {
                Log.warn("could not start the Java session", e);
                f.completeExceptionally(e);
            }
        }, "session-start");
        t.setDaemon(true);
        t.start();
    }

    /** The current session, waiting for it to start if need be; a dead one is replaced. */
    Session session() throws SessionUnavailable {
        CompletableFuture<Session> f = next;
        try {
            Session s = f.get(120, TimeUnit.SECONDS);
            if (s.ended()) {
                startSession();
                return next.get(120, TimeUnit.SECONDS);
            }
            return s;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            startSession(); // try again next time
            throw new SessionUnavailable("the Java session could not start: " + c);
        } catch (TimeoutException e) {
            throw new SessionUnavailable("the Java session did not start within 120 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionUnavailable("interrupted while waiting for the Java session");
        }
    }

    static final class SessionUnavailable extends Exception {
        SessionUnavailable(String msg) { super(msg); }
    }

    private Session build() {
        long t0 = System.nanoTime();
        Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        List<String> cp = new ArrayList<>(config.classpath());
        synchronized (addedJars) {
            cp.addAll(addedJars);
        }
        String classpath = String.join(java.io.File.pathSeparator, cp);
        ClassDataSharing cds = ClassDataSharing.forThisJvm(config.home(), config.classpath());
        List<String> vm = new ArrayList<>(cds.options(cds.remoteArchive));
        vm.addAll(config.jvmOptions());
        vm.add("-Dfastai.home=" + config.home());
        vm.add("-Dfastai.stdin.port=" + stdinPort);
        vm.add("-Dfile.encoding=UTF-8");
        vm.add("-Dsun.stdout.encoding=UTF-8");
        vm.add("-Dsun.stderr.encoding=UTF-8");
        vm.add("--add-opens=java.base/java.lang=ALL-UNNAMED"); // RemoteAgent: is ND4J loaded?
        vm.add("-cp");
        vm.add(classpath);
        EarlyEngine engine = new EarlyEngine();
        Map<String, String> params = engine.defaultParameters();
        params.put("hostname", "127.0.0.1");
        params.put("timeout", "60000");
        params.put("remoteAgent", RemoteAgent.class.getName());
        JShell js = JShell.builder()
                .executionEngine(engine, params)
                .remoteVMOptions(vm.toArray(String[]::new))
                .out(out).err(err).in(InputStream.nullInputStream()) // System.in: LineServer
                .build();
        // The compiler starts from this JVM's classpath; add what the cells have beyond it (JShell
        // keeps one compiler classpath, which %jars extends later).
        Set<String> mine = Set.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
        String extra = cp.stream().filter(e -> !mine.contains(e)).collect(Collectors.joining(java.io.File.pathSeparator));
        if (!extra.isEmpty()) js.addToClasspath(extra);
        Session s;
        synchronized (this) {
            s = new Session(js, ++sessions);
        }
        js.onShutdown(j -> {
            s.dead = true;
            cancelInput.run(); // a pending input request would keep JShell from noticing the end
        });
        long t1 = System.nanoTime();
        runStartup(s); // compiles while the execution JVM starts; runs once it is there
        try {
            engine.awaitStarted();
        } catch (jdk.jshell.spi.ExecutionControl.EngineTerminationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        s.process = ProcessHandle.current().children().filter(p -> !before.contains(p.pid())).findFirst().orElse(null);
        if (s.ended()) throw new IllegalStateException("the Java process for the cells ended during start-up");
        Log.info(String.format("Java session %d ready (execution JVM pid %s) in %.0f ms (JShell %.0f ms, start-up script %.0f ms)",
                s.number, s.process == null ? "?" : s.process.pid(), (System.nanoTime() - t0) / 1e6, (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6));
        return s;
    }

    private void runStartup(Session s) {
        String script;
        try (InputStream res = Executor.class.getResourceAsStream("startup.jsh")) {
            script = new String(res.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the kernel's start-up script is missing", e);
        }
        for (String paragraph : script.split("\n\s*\n")) {
            String code = paragraph.lines().filter(l -> !l.strip().startsWith("//")).collect(Collectors.joining("\n")).strip();
            if (code.isEmpty()) continue;
            if (startupSnippet(s, code)) continue;
            if (code.lines().allMatch(l -> l.strip().startsWith("import "))) {
                for (String imp : code.split(";")) {
                    if (!imp.isBlank()) startupSnippet(s, imp.strip() + ";");
                }
            }
        }
    }

    /** Evaluates one start-up snippet; false (and a log line) if it does not compile. */
    private boolean startupSnippet(Session s, String code) {
        long t0 = System.nanoTime();
        List<SnippetEvent> events = s.js.eval(code);
        Log.debug(String.format("start-up: %.0f ms for %s", (System.nanoTime() - t0) / 1e6, code.replace('\n', ' ')));
        for (SnippetEvent ev : events) {
            if (ev.causeSnippet() != null) continue;
            if (ev.status() == Snippet.Status.REJECTED) {
                Log.info("start-up: skipped `" + code.replace('\n', ' ') + "` (" + s.js.diagnostics(ev.snippet())
                        .map(d -> d.getMessage(null).lines().findFirst().orElse("")).findFirst().orElse("rejected") + ")");
                return false;
            }
            if (ev.exception() != null) Log.warn("start-up: `" + code + "` failed: " + ev.exception());
        }
        return true;
    }

    /**
     * Runs a cell. {@code count} names the cell in error messages; with {@code showValue} the value
     * of a last expression is shown (as execute_result) through {@code fastai.display.Display.result}.
     */
    Outcome execute(String cell, int count, boolean showValue, Consumer<String> notes) {
        Magics.Parsed parsed = Magics.parse(cell);
        Session s;
        try {
            s = session();
        } catch (SessionUnavailable e) {
            return Outcome.error("SessionError", e.getMessage(), "SessionError: " + e.getMessage());
        }
        Run run = new Run(s);
        running = run;
        try {
            for (String magic : parsed.lines()) {
                Outcome o = magic(s, magic, notes);
                if (o != Outcome.OK) return o;
            }
            String code = parsed.code();
            int lineBase = parsed.codeLineOffset();
            long t0 = System.nanoTime();
            List<CellSplitter.Piece> pieces = CellSplitter.split(s.js.sourceCodeAnalysis(), code);
            Log.debug(String.format("cell [%d]: split into %d snippet(s) in %.0f ms", count, pieces.size(), (System.nanoTime() - t0) / 1e6));
            for (int k = 0; k < pieces.size(); k++) {
                if (run.interruptRequested) return interrupted();
                CellSplitter.Piece piece = pieces.get(k);
                long te = System.nanoTime();
                List<SnippetEvent> events = s.js.eval(piece.source());
                Log.debug(String.format("cell [%d]: eval %.0f ms", count, (System.nanoTime() - te) / 1e6));
                if (s.ended()) return sessionEnded(s);
                if (run.interruptRequested) return interrupted();
                updateNotes(s.js, events, notes);
                SnippetEvent ev = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
                if (ev == null) continue;
                int firstLine = lineBase + CellSplitter.lineColumn(code, piece.offset())[0];
                errors.remember(ev.snippet().id(), count, firstLine);
                if (ev.status() == Snippet.Status.REJECTED) {
                    return errors.compile(cell, new CellSplitter.Piece(piece.source(), offsetInCell(cell, code, piece.offset())),
                            s.js.diagnostics(ev.snippet()).toList());
                }
                if (ev.exception() != null) return errors.runtime(ev.exception(), s.js);
                if (ev.status() == Snippet.Status.RECOVERABLE_DEFINED || ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    String missing = s.js.unresolvedDependencies((jdk.jshell.DeclarationSnippet) ev.snippet())
                            .collect(Collectors.joining(", "));
                    notes.accept("note: " + describe(ev.snippet()) + " is defined, but cannot be used until "
                            + missing + " is defined\n");
                }
                if (showValue && k == pieces.size() - 1) {
                    VarSnippet shown = shownVariable(s.js, ev.snippet());
                    if (shown != null) {
                        Outcome o = show(run, shown);
                        if (o != Outcome.OK) return o;
                    }
                }
            }
            return Outcome.OK;
        } catch (IllegalStateException e) { // JShell closed under us: the execution JVM is gone
            if (s.ended() || s.killedBecause != null) return sessionEnded(s);
            throw e;
        } finally {
            running = null;
        }
    }

    /**
     * What a redefinition did to earlier declarations, as {@code jshell} reports it: a variable whose
     * type changed is reset ("update replaced variable q, reset to null"), one that no longer compiles
     * is dropped until it is fixed. Otherwise a learner finds the value gone only later.
     */
    private static void updateNotes(JShell js, List<SnippetEvent> events, Consumer<String> notes) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null || e.status() == Snippet.Status.OVERWRITTEN) continue;
            if (!e.previousStatus().isActive() || !(e.snippet() instanceof jdk.jshell.DeclarationSnippet d)) continue;
            String because = " (" + describe(e.causeSnippet()) + " changed)";
            if (e.status() == Snippet.Status.VALID) {
                if (d instanceof VarSnippet v) {
                    notes.accept("note: update replaced variable " + v.name() + ", reset to " + defaultValue(v.typeName()) + because + "\n");
                }
            } else if (e.status().isDefined() || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String missing = js.unresolvedDependencies(d).collect(Collectors.joining(", "));
                String why = !missing.isEmpty() ? "until " + missing + " is defined"
                        : js.diagnostics(d).filter(Diag::isError).map(x -> x.getMessage(java.util.Locale.ENGLISH).lines().findFirst().orElse(""))
                                .findFirst().map(m -> "until it compiles again: " + m).orElse("until it is defined again");
                String verb = d instanceof VarSnippet ? "replaced " : "modified ";
                notes.accept("note: update " + verb + describe(d) + ", which cannot be used " + why + because + "\n");
            } else {
                notes.accept("note: update dropped " + describe(d) + because + "\n");
            }
        }
    }

    /** What a reset variable of this type holds: null, 0, 0.0, false, or the NUL character. */
    private static String defaultValue(String type) {
        return switch (type) {
            case "byte", "short", "int", "long" -> "0";
            case "float", "double" -> "0.0";
            case "boolean" -> "false";
            case "char" -> "'\\u0000'";
            default -> "null";
        };
    }

    /** "method f", "class Point", "variable x": how a learner names a declaration. */
    private static String describe(Snippet sn) {
        String kind = switch (sn.kind()) {
            case METHOD -> "method";
            case TYPE_DECL -> switch (sn.subKind()) {
                case INTERFACE_SUBKIND -> "interface";
                case ENUM_SUBKIND -> "enum";
                case RECORD_SUBKIND -> "record";
                case ANNOTATION_TYPE_SUBKIND -> "annotation";
                default -> "class";
            };
            case VAR -> "variable";
            default -> "declaration";
        };
        return sn instanceof jdk.jshell.DeclarationSnippet d ? kind + " " + d.name() : kind;
    }

    private static int offsetInCell(String cell, String code, int offsetInCode) {
        return cell.length() - code.length() + offsetInCode;
    }

    /** The variable holding a shown value: JShell's $N for an expression, or a variable named alone. */
    private static VarSnippet shownVariable(JShell js, Snippet sn) {
        if (sn instanceof VarSnippet v && sn.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) return v;
        if (sn instanceof ExpressionSnippet e && sn.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND) {
            return js.variables().filter(v -> v.name().equals(e.name())).reduce((a, b) -> b).orElse(null);
        }
        return null;
    }

    /**
     * Shows a value as execute_result: {@link RemoteAgent#varValue} renders it in the execution
     * JVM (no extra snippet to compile); a toString() that throws becomes the cell's error.
     */
    private Outcome show(Run run, VarSnippet var) {
        Session s = run.session;
        long t0 = System.nanoTime();
        String r = s.js.varValue(var);
        Log.debug(String.format("value shown in %.0f ms", (System.nanoTime() - t0) / 1e6));
        if (s.ended()) return sessionEnded(s);
        if (run.interruptRequested) return interrupted();
        if (r.startsWith(RemoteAgent.RENDER_ERROR)) {
            List<String> lines = List.of(r.substring(RemoteAgent.RENDER_ERROR.length()).split("\n"));
            String cls = lines.get(0);
            String msg = lines.size() > 1 && !lines.get(1).equals("null") ? lines.get(1) : "";
            List<String> tb = new ArrayList<>();
            tb.add("could not show the value: " + cls + (msg.isEmpty() ? "" : ": " + msg));
            for (int i = 2; i < lines.size(); i++) tb.add("    at " + lines.get(i));
            return new Outcome.Error(cls, msg, tb);
        }
        return Outcome.OK;
    }

    private Outcome magic(Session s, String line, Consumer<String> notes) {
        String[] words = line.substring(1).trim().split("\\s+");
        String name = words[0];
        List<String> args = List.of(words).subList(1, words.length);
        switch (name) {
            case "lsmagic" -> {
                out.print(Magics.LIST);
                out.flush();
                return Outcome.OK;
            }
            case "jars", "classpath" -> {
                return jars(s, name, args, notes);
            }
            case "maven" -> {
                try {
                    return addJars(s, "%maven", maven.resolve(args), true, notes);
                } catch (MavenMagic.Failure e) {
                    return Outcome.error("MagicError", e.getMessage(), "MagicError: " + e.getMessage());
                } catch (InterruptedException e) {
                    return interrupted();
                }
            }
            case "loadFromPOM" -> {
                if (args.size() != 1) {
                    return Outcome.error("MagicError", "%loadFromPOM needs one path to a pom.xml",
                            "MagicError: %loadFromPOM needs one path to a pom.xml, e.g. %loadFromPOM extras/pom.xml");
                }
                try {
                    PomDependencies pom = PomDependencies.read(Path.of(args.get(0)));
                    if (!pom.skipped().isEmpty()) notes.accept("%loadFromPOM: left out " + String.join(", ", pom.skipped()) + "\n");
                    if (pom.coordinates().isEmpty()) {
                        notes.accept("%loadFromPOM: " + args.get(0) + " declares no dependencies to add\n");
                        return Outcome.OK;
                    }
                    return addJars(s, "%loadFromPOM", maven.resolve(pom.coordinates(), pom.repositories()), true, notes);
                } catch (MavenMagic.Failure e) {
                    String msg = e.getMessage().replaceFirst("^%maven:", "%loadFromPOM:");
                    return Outcome.error("MagicError", msg, "MagicError: " + msg);
                } catch (InterruptedException e) {
                    return interrupted();
                }
            }
            default -> {
                String known = "known: %maven, %loadFromPOM, %jars, %classpath, %lsmagic";
                return Outcome.error("MagicError", "unknown magic %" + name + " (" + known + ")",
                        "MagicError: unknown magic %" + name + " (" + known + "; %lsmagic lists them)");
            }
        }
    }

    private Outcome jars(Session s, String name, List<String> args, Consumer<String> notes) {
        if (args.isEmpty()) {
            return Outcome.error("MagicError", "%" + name + " needs at least one path",
                    "MagicError: %" + name + " needs at least one path, e.g. %jars lib/extra.jar or %jars libs/*");
        }
        List<Path> add = new ArrayList<>();
        for (String arg : args) {
            List<Path> found = Magics.expand(arg);
            if (found.isEmpty()) {
                Path p = Path.of(arg).toAbsolutePath().normalize();
                String why = Files.exists(p) ? "not a .jar file or a folder" : "no such file";
                return Outcome.error("MagicError", "%" + name + ": " + why + ": " + arg,
                        "MagicError: %" + name + ": " + why + ": " + arg + " (looked at " + p + ")");
            }
            add.addAll(found);
        }
        return addJars(s, "%" + name, add, false, notes);
    }

    /**
     * Adds jars to the cells' class path (and to every later session's). A jar already there is
     * skipped; a different version of a library already there is added with a warning, since the
     * classes of the one earlier on the class path win.
     */
    private Outcome addJars(Session s, String magic, List<Path> jars, boolean shortNames, Consumer<String> notes) {
        List<String> present = new ArrayList<>(config.classpath());
        synchronized (addedJars) {
            present.addAll(addedJars);
        }
        java.util.Map<String, String> versions = new java.util.HashMap<>();
        for (String e : present) {
            String[] a = MavenMagic.artifactOf(Path.of(e));
            if (a != null) versions.putIfAbsent(a[0], a[1]);
        }
        List<String> added = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path jar : jars) {
            String p = jar.toAbsolutePath().normalize().toString();
            String shown = shortNames ? jar.getFileName().toString() : p;
            String[] a = MavenMagic.artifactOf(jar);
            String there = a == null ? null : versions.get(a[0]);
            if (present.contains(p) || (there != null && there.equals(a[1]))) {
                skipped.add(shown);
                continue;
            }
            if (there != null) {
                notes.accept("warning: " + magic + ": adding " + a[2] + " " + a[1] + ", but " + a[2] + " " + there
                        + " is already on the class path; its classes come first, so " + a[1] + " may not be used\n");
            }
            s.js.addToClasspath(p);
            synchronized (addedJars) {
                if (!addedJars.contains(p)) addedJars.add(p);
            }
            present.add(p);
            if (a != null) versions.putIfAbsent(a[0], a[1]);
            added.add(shown);
        }
        if (!added.isEmpty()) notes.accept("added to the classpath: " + String.join(", ", added) + "\n");
        if (!skipped.isEmpty()) notes.accept("already on the classpath: " + String.join(", ", skipped) + "\n");
        return Outcome.OK;
    }

    private Outcome interrupted() {
        return Outcome.error("Interrupted", "the cell was stopped",
                "Interrupted: the cell was stopped. Variables from earlier cells are still there.");
    }

    private Outcome sessionEnded(Session s) {
        s.dead = true;
        startSession();
        String why = s.killedBecause != null ? s.killedBecause
                : "the Java process running the cells ended (System.exit was called, or it crashed or was killed)";
        String evalue = "The Java session ended: " + why + ". Earlier variables are lost; a fresh session is starting for the next cell.";
        return Outcome.error("SessionEnded", evalue, "SessionEnded: " + evalue);
    }

    /**
     * Stops the running cell: JShell.stop() (through JDI) every 500 ms until the cell returns; after
     * {@link #KILL_AFTER_MS} the execution JVM is killed. Returns at once.
     */
    void interrupt() {
        Run run = running;
        if (run == null) return;
        run.interruptRequested = true;
        cancelInput.run();
        maven.cancel();
        synchronized (this) {
            if (interrupter != null && interrupter.isAlive() && interruptedRun == run) return;
            interruptedRun = run;
            interrupter = new Thread(() -> stopLoop(run), "interrupter");
            interrupter.setDaemon(true);
            interrupter.start();
        }
    }

    private void stopLoop(Run run) {
        Session s = run.session;
        long deadline = System.currentTimeMillis() + KILL_AFTER_MS;
        while (running == run && System.currentTimeMillis() < deadline) {
            try {
                s.js.stop();
            } catch (RuntimeException e) {
                Log.debug("stop: " + e);
            }
            try {
                Thread.sleep(500); // the first stop nearly always works; a second only for a swallowed one
            } catch (InterruptedException e) {
                return;
            }
        }
        if (running == run) {
            Log.warn("the cell did not stop within " + KILL_AFTER_MS / 1000 + " s; killing the execution JVM");
            s.killedBecause = "the cell did not stop within " + KILL_AFTER_MS / 1000 + " s of the interrupt, so its Java process was killed";
            cancelInput.run();
            if (s.process != null) s.process.destroyForcibly();
            else s.js.close();
        }
    }

    boolean busy() { return running != null; }

    /** Ends the session (and its JVM). */
    void shutdown() {
        CompletableFuture<Session> f = next;
        if (f == null) return;
        Session s = f.getNow(null);
        if (s != null) {
            try {
                s.js.close();
            } catch (RuntimeException e) {
                Log.debug("close: " + e);
            }
            if (s.process != null) s.process.destroyForcibly();
        } else {
            f.thenAccept(x -> { x.js.close(); if (x.process != null) x.process.destroyForcibly(); });
        }
    }
}
