package fastai.kernel.remote;

import fastai.display.Display;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.RemoteExecutionControl;
import jdk.jshell.execution.Util;

/**
 * JShell's agent in the execution JVM (the class JShell launches there), extended for notebooks:
 * <ul>
 *   <li>before every cell, the thread's context class loader becomes the loader of the cell's
 *       classes (ND4J finds its backend through it; jars added with %jars are found);</li>
 *   <li>after a cell was stopped by an interrupt, ND4J's workspaces of that thread are reset, so
 *       that the next {@code fit} does not fail with "Can't borrow from borrowed workspace";</li>
 *   <li>{@code varValue}, which the kernel calls for the value of a cell's last expression, shows
 *       the value through {@link Display#result} (rendered in this JVM by the same renderers as
 *       {@code display}) instead of returning its string.</li>
 * </ul>
 * JShell's interrupt still works: it looks for this class's {@code invoke}/{@code varValue} frames
 * and the flags inherited from {@link RemoteExecutionControl}.
 */
public final class RemoteAgent extends RemoteExecutionControl {
    /** Starts a value that could not be shown: then lines of class, message, stack frames. */
    public static final String RENDER_ERROR = "\u0002render-error\u0002";

    /** Connects back to the kernel's JShell on the port given, like JShell's own agent. */
    public static void main(String[] args) throws Exception {
        ExecutionJvmSetup.init();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
        outputs.put("out", s -> System.setOut(new PrintStream(s, true, StandardCharsets.UTF_8)));
        outputs.put("err", s -> System.setErr(new PrintStream(s, true, StandardCharsets.UTF_8)));
        Map<String, Consumer<InputStream>> inputs = new HashMap<>(); // none: JShell's forwarding can hang
        System.setIn(new LineInput(Integer.getInteger("fastai.stdin.port")));
        Util.forwardExecutionControlAndIO(new RemoteAgent(), socket.getInputStream(), socket.getOutputStream(), outputs, inputs);
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Thread.currentThread().setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        try {
            return super.invoke(doitMethod);
        } catch (Throwable t) {
            if (t instanceof ThreadDeath || (t instanceof InvocationTargetException && t.getCause() instanceof ThreadDeath)) {
                Nd4jReset.afterInterrupt();
            }
            throw t;
        }
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException, InternalException {
        Object value;
        try {
            Field f = findClass(className).getDeclaredField(varName);
            f.setAccessible(true);
            value = f.get(null);
        } catch (Throwable e) {
            throw new InternalException(e.toString());
        }
        clientCodeEnter();
        try {
            Display.result(value);
            return "";
        } catch (ThreadDeath stop) {
            return throwConvertedInvocationException(stop);
        } catch (Throwable t) {
            return RENDER_ERROR + describe(t);
        } finally {
            clientCodeLeave();
        }
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName()).append('\n')
                .append(String.valueOf(t.getMessage()).replace('\n', ' ')).append('\n');
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(st.length, 30); i++) {
            if (st[i].getClassName().startsWith("fastai.kernel.remote.RemoteAgent")) break;
            sb.append(st[i]).append('\n');
        }
        return sb.toString();
    }

    /** Resets ND4J's per-thread workspaces after an interrupt, if ND4J is in use (by reflection: no link to ND4J). */
    static final class Nd4jReset {
        private Nd4jReset() { }

        static void afterInterrupt() {
            try {
                Class<?> nd4j = loaded("org.nd4j.linalg.factory.Nd4j");
                if (nd4j == null) return;
                Object workspaces = nd4j.getMethod("getWorkspaceManager").invoke(null);
                workspaces.getClass().getMethod("destroyAllWorkspacesForCurrentThread").invoke(workspaces);
                Object memory = nd4j.getMethod("getMemoryManager").invoke(null);
                Class<?> ws = Class.forName("org.nd4j.linalg.api.memory.MemoryWorkspace", false, nd4j.getClassLoader());
                memory.getClass().getMethod("setCurrentWorkspace", ws).invoke(memory, (Object) null);
            } catch (Throwable e) {
                System.err.println("note: could not reset ND4J workspaces after the interrupt: " + e);
            }
        }

        /** The class if this JVM has loaded it already (so a cell that never used ND4J does not start it now). */
        private static Class<?> loaded(String name) throws ReflectiveOperationException {
            Method find = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
            find.setAccessible(true);
            return (Class<?>) find.invoke(ClassLoader.getSystemClassLoader(), name);
        }
    }
}
