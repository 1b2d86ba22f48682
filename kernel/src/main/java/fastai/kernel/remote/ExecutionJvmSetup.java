package fastai.kernel.remote;

import fastai.display.Display;

/**
 * Set-up inside the execution JVM, done once by {@link RemoteAgent} before the first cell:
 * <ul>
 *   <li>display calls go to the kernel;</li>
 *   <li>Ctrl-C in the terminal that started Jupyter does not kill this JVM (the kernel decides);</li>
 *   <li>the JVM ends when the kernel process is gone, even if the kernel was killed.</li>
 * </ul>
 */
public final class ExecutionJvmSetup {
    private ExecutionJvmSetup() { }

    public static void init() {
        Display.setSink(new KernelSink());
        Thread warm = new Thread(() -> fastai.display.Renderers.render(0), "fastai-warm-up"); // loads the renderers early
        warm.setDaemon(true);
        warm.start();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
        } catch (Throwable ignored) {
            // no signals on this platform: nothing to ignore
        }
        ProcessHandle.current().parent().ifPresent(kernel -> {
            Thread watch = new Thread(() -> {
                kernel.onExit().join();
                Runtime.getRuntime().halt(0);
            }, "fastai-kernel-watch");
            watch.setDaemon(true);
            watch.start();
        });
    }
}
