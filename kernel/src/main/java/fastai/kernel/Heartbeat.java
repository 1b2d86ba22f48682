package fastai.kernel;

import org.zeromq.ZMQ;

/** Echoes every heartbeat ping (REP socket) on its own thread, whatever the kernel is doing. */
final class Heartbeat {
    private final ZMQ.Socket socket;
    private final Thread thread;
    private volatile boolean running = true;

    Heartbeat(ZMQ.Socket socket) {
        this.socket = socket;
        this.thread = new Thread(this::run, "heartbeat");
        this.thread.setDaemon(true);
    }

    void start() { thread.start(); }

    void stop() { running = false; }

    private void run() {
        while (running) {
            try {
                byte[] ping = socket.recv(0);
                if (ping == null) continue; // receive timeout: check running
                while (socket.hasReceiveMore()) socket.recv(0);
                socket.send(ping, 0);
            } catch (RuntimeException e) {
                if (running) Log.warn("heartbeat", e);
            }
        }
    }
}
