package crpv.elasticsearch.analysis;

import java.io.IOException;

import org.apache.lucene.analysis.CharacterUtils;
import org.apache.lucene.analysis.CharacterUtils.CharacterBuffer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The {@code lowercase} tokenizer: splits on non-letters and lowercases, i.e. Lucene's letter
 * tokenizer followed by a lowercase filter in one pass (Lucene 9 has no LowerCaseTokenizer any
 * more; Lucene's final CharTokenizer#incrementToken cannot be extended, hence this copy of its
 * loop). Tokens longer than 255 chars are split, as in CharTokenizer.
 */
final class LowerCaseLetterTokenizer extends Tokenizer {
    private static final int MAX_WORD_LEN = 255;
    private static final int IO_BUFFER_SIZE = 4096;

    private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAtt = addAttribute(OffsetAttribute.class);
    private final CharacterBuffer ioBuffer = CharacterUtils.newCharacterBuffer(IO_BUFFER_SIZE);
    private int offset = 0;
    private int bufferIndex = 0;
    private int dataLen = 0;
    private int finalOffset = 0;

    @Override
    public boolean incrementToken() throws IOException {
        clearAttributes();
        int length = 0;
        int start = -1;
        int end = -1;
        char[] buffer = termAtt.buffer();
        while (true) {
            if (bufferIndex >= dataLen) {
                offset += dataLen;
                CharacterUtils.fill(ioBuffer, input);
                if (ioBuffer.getLength() == 0) {
                    dataLen = 0;
                    if (length > 0) {
                        break;
                    }
                    finalOffset = correctOffset(offset);
                    return false;
                }
                dataLen = ioBuffer.getLength();
                bufferIndex = 0;
            }
            int c = Character.codePointAt(ioBuffer.getBuffer(), bufferIndex, ioBuffer.getLength());
            int charCount = Character.charCount(c);
            bufferIndex += charCount;
            if (Character.isLetter(c)) {
                if (length == 0) {
                    start = offset + bufferIndex - charCount;
                    end = start;
                } else if (length >= buffer.length - 1) {
                    buffer = termAtt.resizeBuffer(2 + length);
                }
                end += charCount;
                length += Character.toChars(Character.toLowerCase(c), buffer, length);
                if (length >= MAX_WORD_LEN) {
                    break;
                }
            } else if (length > 0) {
                break;
            }
        }
        termAtt.setLength(length);
        offsetAtt.setOffset(correctOffset(start), finalOffset = correctOffset(end));
        return true;
    }

    @Override
    public void end() throws IOException {
        super.end();
        offsetAtt.setOffset(finalOffset, finalOffset);
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        bufferIndex = 0;
        offset = 0;
        dataLen = 0;
        finalOffset = 0;
        ioBuffer.reset();
    }
}
