package org.postroom.store;

/**
 * Where row ids come from: one database sequence, {@code PR_ID_SEQ}, for every table, declared once as the generator
 * {@value #GENERATOR} in {@code META-INF/orm.xml} (ADR 0022). A sequence takes no lock that lasts until commit, so
 * taking an id inside a folder's critical section cannot wait on another transaction; EclipseLink takes a block of
 * {@value #BLOCK} ids per round trip. The sequence's increment must equal the block.
 */
public final class Ids {

    /** The generator's name, for {@code @GeneratedValue(generator = ...)}. */
    public static final String GENERATOR = "prIds";

    /** Ids taken per call of the sequence (its {@code INCREMENT BY}, and the generator's allocation size). */
    public static final int BLOCK = 50;

    private Ids() {
    }
}
