import NIOCore
import Store
import Testing

@testable import Serving

@Suite struct MovieIDLinesTests {
    let lines = MovieIDLines(["toy+story+1995", "a", "amélie+2001", "", "the+shawshank+redemption+1994"])

    @Test func joinsTheGivenItemsInOrder() {
        #expect(lines.line([4, 0, 2]) == "the+shawshank+redemption+1994,toy+story+1995,amélie+2001")
        #expect(lines.line([1]) == "a")
        #expect(lines.line([1, 1]) == "a,a")
    }

    @Test func anEmptyListIsAnEmptyLine() {
        #expect(lines.line([]) == "")
        #expect(MovieIDLines([]).line([]) == "")
    }

    @Test func equalsJoiningTheStrings() {
        let ids = (0..<500).map { "movie+\($0)+\(1900 + $0 % 120)" }
        let table = MovieIDLines(ids)
        let items: [Int32] = [499, 0, 250, 17, 17, 3]
        #expect(table.line(ItemList(items)) == items.map { ids[Int($0)] }.joined(separator: ","))
    }

    /// Ids are copied a word at a time: every length around a word's edge comes out whole, and
    /// no padding is left in the line.
    @Test func idsOfEveryLengthAroundAWordComeOutWhole() {
        let ids = (0...25).map { length in String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) }) }
        let table = MovieIDLines(ids)
        for first in 0..<ids.count {
            let items = ItemList((0..<20).map { Int32((first + $0 * 7) % ids.count) })
            #expect(table.line(items) == items.array.map { ids[Int($0)] }.joined(separator: ","))
        }
        let longest = ItemList(Array(repeating: Int32(ids.count - 1), count: 20))
        #expect(table.byteCount(longest) == 25 * 20 + 19)
    }

    @Test func writesAfterWhatABufferHoldsAndNoFurther() {
        var buffer = ByteBuffer(string: "head:")
        lines.write([1, 4], into: &buffer)
        buffer.writeString(":tail")
        #expect(String(buffer: buffer) == "head:a,the+shawshank+redemption+1994:tail")
    }

    @Test func writesTheSameBytesIntoAnAnswerAndCountsThem() {
        let items: ItemList = [4, 0, 2, 3, 1]
        var buffer = ByteBuffer()
        lines.write(items, into: &buffer)
        #expect(String(buffer: buffer) == lines.line(items))
        #expect(lines.byteCount(items) == lines.line(items).utf8.count)
        #expect(lines.byteCount([]) == 0)
    }

    @Test func escapesIdsInCopyRowsAsPostgresReadsThem() {
        let odd = MovieIDLines(["tab\there", "back\\slash", "plain"])
        var rows = CopyRows()
        odd.append([0, 1, 2], to: &rows)
        rows.endRow()
        #expect(String(buffer: rows.byteBuffer) == "tab\\there,back\\\\slash,plain\n")
    }
}

@Suite struct ItemListTests {
    @Test func keepsUpToTwentyItemsInOrder() {
        let list = ItemList((0..<30).map(Int32.init))
        #expect(list.count == ItemList.capacity)
        #expect(list.isFull)
        #expect(list.array == (0..<20).map(Int32.init))
        var built = ItemList()
        for item in [Int32(7), 3, 9] { built.append(item) }
        #expect(built == [7, 3, 9])
        #expect(built != [7, 3])
        #expect(built != [7, 3, 8])
        #expect(ItemList().array.isEmpty)
    }
}
