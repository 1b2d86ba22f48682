package fastai.kernel;

import java.nio.file.Path;

/**
 * Entry point: {@code java ... fastai.kernel.Main <connection-file>} (what the kernelspec runs).
 * {@code --warmup} instead starts a Java session, runs a cell and exits (used to build the
 * class-data-sharing archive that makes the kernel start faster).
 */
public final class Main {
    private Main() { }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--warmup")) {
            Warmup.run();
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: java -cp ... fastai.kernel.Main <connection-file>");
            System.exit(2);
        }
        Kernel kernel = new Kernel(ConnectionInfo.read(Path.of(args[0])), KernelConfig.load());
        try {
            // Ctrl-C in the terminal that runs Jupyter, or a client using signals: interrupt, not exit.
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> kernel.interrupt());
        } catch (Throwable e) {
            Log.debug("no SIGINT handler: " + e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kernel.executor::shutdown, "shutdown-hook"));
        kernel.start();
        kernel.awaitShutdown();
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            Runtime.getRuntime().halt(0);
        }, "exit-guard");
        killer.setDaemon(true);
        killer.start();
        System.exit(0);
    }
}
