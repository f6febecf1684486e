import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.Transform;

/**
 * Starts rapaio-jupyter-kernel 3.0.1 as its {@code MainApp} does, minus two start-up races that on a
 * busy machine leave the kernel silent ("Kernel didn't respond" from Jupyter):
 *
 * <ol>
 *   <li>{@code Channels.connect} binds the sockets (starting the threads that read them) before it
 *       creates its handler table. Jupyter clients send {@code kernel_info_request} as soon as they
 *       connect, and ZeroMQ queues it until the bind, so the shell thread can read it while the
 *       table is still null and die of a NullPointerException. Here the table starts empty; a
 *       message read that early is logged as unhandled and dropped, and the client repeats its
 *       request a second later.</li>
 *   <li>{@code LoopThread.start()} sets its {@code running} flag only after {@code Thread.start()},
 *       so a socket thread scheduled at once sees {@code false} and ends before reading anything.
 *       Here every socket thread's flag is set after {@code connect}, and a thread that has already
 *       ended is replaced by a new one whose flag is set before it starts.</li>
 * </ol>
 *
 * <p>Run in Java's single-file source mode by the kernel spec that {@code install-kernel.sh} writes:
 * {@code java -cp rapaio-jupyter-kernel-3.0.1.jar PdeflowKernelLauncher.java CONNECTION_FILE}.
 */
public final class PdeflowKernelLauncher {

    private PdeflowKernelLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PdeflowKernelLauncher CONNECTION_FILE");
        }
        LogManager.getLogManager().readConfiguration(MainApp.class.getClassLoader().getResourceAsStream("logging.properties"));
        ConnectionProperties connection = Transform.fromJson(Files.readString(Path.of(args[0])), ConnectionProperties.class);
        Channels channels = new Channels(connection);
        // Set before connect() starts the socket threads, so they see it (Thread.start happens-before).
        Field handlers = Channels.class.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new ConcurrentHashMap<>());
        channels.connect(MainApp.kernel);
        List<Object> socketChannels = new ArrayList<>();
        for (Field f : Channels.class.getDeclaredFields()) {
            if (AbstractChannel.class.isAssignableFrom(f.getType()) && !Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                socketChannels.add(f.get(channels));
            }
        }
        for (Object c : socketChannels) {
            setRunning(loopThread(c), true);
        }
        // A thread that read the flag before it was set ends within one loop turn; give it time to.
        Thread.sleep(1000);
        for (Object c : socketChannels) {
            restartIfEnded(c);
        }
        channels.joinUntilClose();
    }

    /** The field of a channel that holds its socket thread, or null (a channel without one). */
    private static Field loopThreadField(Object channel) {
        for (Class<?> c = channel.getClass(); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == LoopThread.class) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        return null;
    }

    private static LoopThread loopThread(Object channel) throws IllegalAccessException {
        Field f = loopThreadField(channel);
        return f == null ? null : (LoopThread) f.get(channel);
    }

    private static void setRunning(LoopThread thread, boolean value) throws ReflectiveOperationException {
        if (thread != null) {
            Field running = LoopThread.class.getDeclaredField("running");
            running.setAccessible(true);
            running.setBoolean(thread, value);
        }
    }

    /** Replaces a channel's socket thread that has ended by a new one with the same loop (race 2). */
    private static void restartIfEnded(Object channel) throws ReflectiveOperationException {
        Field field = loopThreadField(channel);
        LoopThread thread = field == null ? null : (LoopThread) field.get(channel);
        if (thread == null || thread.isAlive()) {
            return;
        }
        Field sleep = LoopThread.class.getDeclaredField("sleep");
        Field body = LoopThread.class.getDeclaredField("loopBody");
        sleep.setAccessible(true);
        body.setAccessible(true);
        LoopThread fresh = new LoopThread(thread.getName(), sleep.getLong(thread), (Runnable) body.get(thread));
        setRunning(fresh, true);
        field.set(channel, fresh);
        fresh.start();
        // to the kernel's log (standard error of the process), not into a notebook cell
        Logger.getLogger(PdeflowKernelLauncher.class.getSimpleName())
                .warning("restarted socket thread " + thread.getName() + " (LoopThread start-up race)");
    }
}
