package org.postroom.connector.ra.net;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Function;
import org.postroom.protocol.SessionDriver;

/**
 * A protocol engine's {@link SessionDriver} seen as a {@link ProtocolSession}: each output converted to the
 * protocol-neutral form. Protocols with events from outside the connection (IMAP) override {@link #wake()}.
 *
 * @param <O> the protocol's output type
 */
public class DriverSession<O> implements ProtocolSession {

    protected final SessionDriver<O> driver;
    private final Function<O, ProtocolOutput> convert;

    public DriverSession(SessionDriver<O> driver, Function<O, ProtocolOutput> convert) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.convert = Objects.requireNonNull(convert, "convert");
    }

    protected ProtocolOutput convert(O output) {
        return convert.apply(output);
    }

    @Override
    public ProtocolOutput start() {
        return convert(driver.start());
    }

    @Override
    public ProtocolOutput receive(ByteBuffer in) {
        return convert(driver.receive(in));
    }

    @Override
    public ProtocolOutput receiveWithoutBlocking(ByteBuffer in) {
        return convert(driver.receiveWithoutBlocking(in));
    }

    @Override
    public boolean mayAuthenticate(ByteBuffer in) {
        return driver.mayAuthenticate(in);
    }

    @Override
    public boolean awaitingLogin() {
        return driver.awaitingLogin();
    }

    @Override
    public boolean midCommand() {
        return driver.midCommand();
    }

    @Override
    public void tlsStarted() {
        driver.tlsStarted();
    }

    /** No events from outside the connection. */
    @Override
    public ProtocolOutput wake() {
        return ProtocolOutput.NONE;
    }

    @Override
    public void close() {
        driver.close();
    }
}
