package fastai.kernel;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jdk.jshell.execution.JdiExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's JDI execution engine, started in the background: JShell gets its execution control
 * at once and can compile the first snippet while the execution JVM is still starting; the first
 * call that needs that JVM waits for it. On a machine with two cores this overlaps the two
 * slowest parts of a kernel start.
 */
final class EarlyEngine implements ExecutionControlProvider {
    private volatile CompletableFuture<ExecutionControl> started;

    @Override public String name() { return "fastai-early-jdi"; }

    @Override public Map<String, String> defaultParameters() { return new JdiExecutionControlProvider().defaultParameters(); }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        CompletableFuture<ExecutionControl> f = new CompletableFuture<>();
        started = f;
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                f.complete(new JdiExecutionControlProvider().generate(env, parameters));
                Log.debug(String.format("execution JVM connected after %.0f ms", (System.nanoTime() - t0) / 1e6));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "execution-jvm-start");
        t.setDaemon(true);
        t.start();
        return new Deferred(f);
    }

    /** Waits until the execution JVM is connected (or failed to start). */
    void awaitStarted() throws ExecutionControl.EngineTerminationException {
        Deferred.get(started);
    }

    /** An ExecutionControl whose calls wait for the real one. */
    private record Deferred(CompletableFuture<ExecutionControl> real) implements ExecutionControl {
        static ExecutionControl get(CompletableFuture<ExecutionControl> f) throws EngineTerminationException {
            try {
                return f.get();
            } catch (ExecutionException e) {
                throw new EngineTerminationException("the Java process for the cells could not start: " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineTerminationException("interrupted while the Java process for the cells was starting");
            }
        }

        private ExecutionControl get() throws EngineTerminationException { return get(real); }

        @Override public void load(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
            get().load(cbcs);
        }

        @Override public void redefine(ClassBytecodes[] cbcs) throws ClassInstallException, NotImplementedException, EngineTerminationException {
            get().redefine(cbcs);
        }

        @Override public String invoke(String className, String methodName) throws RunException, EngineTerminationException, InternalException {
            return get().invoke(className, methodName);
        }

        @Override public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
            return get().varValue(className, varName);
        }

        @Override public void addToClasspath(String path) throws EngineTerminationException, InternalException {
            get().addToClasspath(path);
        }

        @Override public void stop() throws EngineTerminationException, InternalException {
            if (real.isDone()) get().stop(); // nothing runs before the JVM is there
        }

        @Override public Object extensionCommand(String command, Object arg) throws RunException, EngineTerminationException, InternalException {
            return get().extensionCommand(command, arg);
        }

        @Override public void close() {
            real.thenAccept(ExecutionControl::close);
        }
    }
}
