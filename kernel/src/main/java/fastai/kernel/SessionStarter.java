package fastai.kernel;

import fastai.kernel.remote.RemoteAgent;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Starts a Java session: the execution JVM (with the class-data-sharing archive, the JVM options,
 * the cells' class path), the JShell that compiles for it, and the start-up script
 * ({@code startup.jsh}), which JShell compiles while the JVM is still starting ({@link EarlyEngine}).
 */
final class SessionStarter {
    private final KernelConfig config;
    private final Supplier<List<String>> classpath;
    private final PrintStream out;
    private final PrintStream err;
    private final int stdinPort;
    private final Runnable cancelInput;
    private final AtomicInteger sessions = new AtomicInteger();

    SessionStarter(KernelConfig config, Supplier<List<String>> classpath, PrintStream out, PrintStream err, int stdinPort, Runnable cancelInput) {
        this.config = config;
        this.classpath = classpath;
        this.out = out;
        this.err = err;
        this.stdinPort = stdinPort;
        this.cancelInput = cancelInput;
    }

    JavaSession start() {
        long t0 = System.nanoTime();
        Set<Long> before = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        List<String> cp = classpath.get();
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
        vm.add(String.join(File.pathSeparator, cp));
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
        Set<String> mine = Set.of(System.getProperty("java.class.path").split(File.pathSeparator));
        String extra = cp.stream().filter(e -> !mine.contains(e)).collect(Collectors.joining(File.pathSeparator));
        if (!extra.isEmpty()) js.addToClasspath(extra);
        JavaSession s = new JavaSession(js, sessions.incrementAndGet());
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

    private void runStartup(JavaSession s) {
        String script;
        try (InputStream res = SessionStarter.class.getResourceAsStream("startup.jsh")) {
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
    private static boolean startupSnippet(JavaSession s, String code) {
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
}
