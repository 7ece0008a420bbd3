package dev.cloister.it.services;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A tiny line-oriented TCP client for the text protocols of IMAP and memcached. */
final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects, retrying while the service is still starting. */
    static LineClient connect(String host, int port, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(15000);
                return new LineClient(s);
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String line() throws IOException {
        String l = in.readLine();
        if (l == null) {
            throw new IOException("connection closed by the server");
        }
        return l;
    }

    /** Lines up to and including the first that matches. */
    List<String> until(Predicate<String> last) throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            lines.add(l);
        } while (!last.test(l));
        return lines;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
