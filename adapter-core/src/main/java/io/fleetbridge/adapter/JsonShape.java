package io.fleetbridge.adapter;

import java.nio.charset.StandardCharsets;

/**
 * The members of one Choria document that the codec cares about, with the Go type each has in
 * the reference implementation, and the single pass that reads a document against them into a
 * {@link FieldValues}.
 *
 * <p>The pass mirrors {@code encoding/json} decoding into a Go struct: keys match ignoring case
 * (with Go's folding, so {@code "Protocol"} and {@code "ſender"} match too), unknown members
 * are skipped, a later duplicate wins, {@code null} leaves a string or integer as it was but
 * resets a byte slice or pointer, a nested struct given twice is merged, and a value of the
 * wrong type fails the document only once the whole of it has proved to be valid JSON
 * (Go checks syntax first). Contents of members of kind {@link #OBJECT} are checked for
 * syntax and depth only.
 *
 * <p>Immutable and shareable; {@link #read} is allocation free and iterative (one nested level
 * is handled by a loop variable, anything deeper by {@link JsonCursor#skipValue}).
 */
final class JsonShape
{
    /** {@link #read} status for a valid document whose members have the wrong types. */
    static final int TYPE_MISMATCH = -3;

    /** A Go string: a JSON string; null is ignored. */
    static final byte STRING = 's';
    /**
     * A Go string the caller needs decoded: as {@link #STRING}, and unquoted into the read's
     * target buffer as it is read (at most one such field per shape, nested one included).
     */
    static final byte UNQUOTED = 'u';
    /** A Go []byte: a JSON string of base64; null empties it. */
    static final byte BYTES = 'b';
    /**
     * A Go []byte the caller needs decoded: as {@link #BYTES}, and when it is plain base64 (no
     * escapes) decoded into the read's target buffer as it is read; {@link FieldValues#targetHolds}
     * says whether that happened (at most one target field per shape, as for {@link #UNQUOTED}).
     */
    static final byte DECODED = 'd';
    /** A Go int64: an integer literal without fraction or exponent that fits; null is ignored. */
    static final byte INTEGER = 'i';
    /** A Go pointer to a struct the codec does not read: an object or null. */
    static final byte OBJECT = 'o';
    /** A Go pointer to the struct given by {@code nested}: its members fill slots after this shape's own. */
    static final byte NESTED = 'n';

    /** Longest escaped key worth unquoting: every field name here is shorter than 16 characters. */
    private static final int MAX_KEY_BYTES = 128;

    private final byte[][] names;
    private final byte[] kinds;
    private final JsonShape nested;

    /**
     * @param nested the shape of the one {@link #NESTED} member, or null
     * @param fields {@code "name:kind"} with kind one of the constants' letters; names are lower case ASCII
     */
    JsonShape(final JsonShape nested, final String... fields)
    {
        this.nested = nested;
        this.names = new byte[fields.length][];
        this.kinds = new byte[fields.length];
        for (int f = 0; f < fields.length; f++)
        {
            final int colon = fields[f].indexOf(':');
            names[f] = fields[f].substring(0, colon).getBytes(StandardCharsets.US_ASCII);
            kinds[f] = (byte) fields[f].charAt(colon + 1);
            for (final byte b : names[f])
            {
                if (b < 'a' || b > 'z')
                {
                    throw new IllegalArgumentException("field names are lower case letters: " + fields[f]);
                }
            }
        }
        if (slotCount() > FieldValues.MAX_SLOTS)
        {
            throw new IllegalArgumentException("too many fields");
        }
    }

    int slotCount()
    {
        return names.length + (nested == null ? 0 : nested.names.length);
    }

    /** The slot of a field, looked up once at construction of the decoder. */
    int slot(final String name)
    {
        final byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        for (int f = 0; f < names.length; f++)
        {
            if (java.util.Arrays.equals(names[f], wanted))
            {
                return f;
            }
        }
        if (nested != null)
        {
            return names.length + nested.slot(name);
        }
        throw new IllegalArgumentException("no field " + name);
    }

    /**
     * Reads the document at the cursor, which must be all that is left of the range.
     * Returns {@link JsonCursor#OK}, {@link JsonCursor#SYNTAX}, {@link JsonCursor#TOO_DEEP} or
     * {@link #TYPE_MISMATCH} (also when the document is valid JSON but not an object).
     * {@code target} receives the last string value of the {@link #UNQUOTED} field, unquoted;
     * it may be null for a shape without one.
     */
    int read(final JsonCursor c, final FieldValues values, final ScratchBuffer keyScratch, final ScratchBuffer target)
    {
        values.clear(0, slotCount());
        values.inTarget(-1);
        if (c.peek() != '{')
        {
            final int status = c.skipValue(0);
            if (status < 0)
            {
                return status;
            }
            return c.atEnd() ? TYPE_MISMATCH : JsonCursor.SYNTAX;
        }
        c.advance();
        boolean mismatch = false;
        JsonShape shape = this;
        int base = 0;
        int depth = 1;
        boolean first = true;
        while (true)
        {
            int status = c.nextMember(first);
            first = false;
            if (status < 0)
            {
                return status;
            }
            if (status == JsonCursor.END)
            {
                if (depth == 1)
                {
                    break;
                }
                depth = 1;
                shape = this;
                base = 0;
                continue;
            }
            final int field = shape.lookup(c, keyScratch);
            if (field < 0)
            {
                status = c.skipValue(depth);
                if (status < 0)
                {
                    return status;
                }
                continue;
            }
            final int slot = base + field;
            final byte kind = shape.kinds[field];
            final int next = c.peek();
            if (next == 'n' && c.readNull())
            {
                if (kind == BYTES || kind == DECODED || kind == OBJECT)
                {
                    values.clear(slot, slot + 1);
                }
                else if (kind == NESTED)
                {
                    values.clear(slot, slot + 1);
                    values.clear(names.length, slotCount());
                }
                continue;
            }
            if ((kind == STRING || kind == BYTES) && next == '"')
            {
                status = c.readString();
                if (status < 0)
                {
                    return status;
                }
                values.string(slot, c.stringStart(), c.stringEnd(), c.stringEscaped());
                continue;
            }
            if ((kind == UNQUOTED || kind == DECODED) && next == '"')
            {
                status = kind == UNQUOTED ? c.readStringInto(target) : c.readBase64Into(target);
                if (status < 0)
                {
                    return status;
                }
                values.string(slot, c.stringStart(), c.stringEnd(), c.stringEscaped());
                values.inTarget(kind == UNQUOTED || c.stringDecoded() ? slot : -1);
                continue;
            }
            if (kind == INTEGER && (next == '-' || (next >= '0' && next <= '9')))
            {
                status = c.readNumber();
                if (status < 0)
                {
                    return status;
                }
                if (c.integerForm())
                {
                    values.integer(slot, c.integer());
                }
                else
                {
                    mismatch = true;
                }
                continue;
            }
            if (kind == NESTED && next == '{' && depth == 1)
            {
                values.mark(slot);
                c.advance();
                shape = nested;
                base = names.length;
                depth = 2;
                first = true;
                continue;
            }
            if (kind == OBJECT && next == '{')
            {
                values.mark(slot);
            }
            else
            {
                mismatch = true;
            }
            status = c.skipValue(depth);
            if (status < 0)
            {
                return status;
            }
        }
        if (!c.atEnd())
        {
            return JsonCursor.SYNTAX;
        }
        return mismatch ? TYPE_MISMATCH : JsonCursor.OK;
    }

    /** The field the cursor's current key names, or -1. */
    private int lookup(final JsonCursor c, final ScratchBuffer keyScratch)
    {
        byte[] key = c.buffer();
        int from = c.keyStart();
        int to = c.keyEnd();
        if (c.keyEscaped())
        {
            // escapes or non-ASCII: decode and fold the way Go does before comparing
            if (to - from > MAX_KEY_BYTES)
            {
                return -1;
            }
            final int length = fold(keyScratch.bytes(), JsonUnquote.unquote(key, from, to, keyScratch));
            if (length < 0)
            {
                return -1;
            }
            key = keyScratch.bytes();
            from = 0;
            to = length;
        }
        final int length = to - from;
        for (int f = 0; f < names.length; f++)
        {
            final byte[] name = names[f];
            if (name.length == length && sameIgnoringCase(key, from, name))
            {
                return f;
            }
        }
        return -1;
    }

    /** ASCII case-insensitive equality against a lower case name (x | 0x20 only equals a letter for the letter's two cases). */
    private static boolean sameIgnoringCase(final byte[] key, final int from, final byte[] name)
    {
        for (int k = 0; k < name.length; k++)
        {
            if ((key[from + k] | 0x20) != name[k])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Folds UTF-8 in place to what can equal an ASCII field name under Go's folding: the two
     * non-ASCII runes that fold to ASCII letters become those letters (ſ U+017F to s, K U+212A to
     * k). Returns the new length, or -1 when another non-ASCII rune makes a match impossible.
     * İ U+0130 and ı U+0131 have an ASCII upper or lower case but fold only to themselves
     * ({@code unicode.SimpleFold}, on which {@code encoding/json} matches names): taken as i, a
     * {@code senderıd} would have named the sender that Choria does not see.
     */
    private static int fold(final byte[] s, final int length)
    {
        int w = 0;
        int i = 0;
        while (i < length)
        {
            final int b = s[i] & 0xFF;
            final int b1 = i + 1 < length ? s[i + 1] & 0xFF : -1;
            if (b < 0x80)
            {
                s[w++] = (byte) b;
                i++;
            }
            else if (b == 0xC5 && b1 == 0xBF)
            {
                s[w++] = 's';
                i += 2;
            }
            else if (b == 0xE2 && b1 == 0x84 && i + 2 < length && (s[i + 2] & 0xFF) == 0xAA)
            {
                s[w++] = 'k';
                i += 3;
            }
            else
            {
                return -1;
            }
        }
        return w;
    }
}
