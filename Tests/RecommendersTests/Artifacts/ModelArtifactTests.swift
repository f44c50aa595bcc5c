import Foundation
import Testing

@testable import Recommenders

@Suite struct ModelArtifactTests {
    static let interactions: [Interaction] = (0..<30).flatMap { user in
        (0..<(3 + user % 4)).map { j in
            Interaction(
                userID: Int64(100 + user), movieID: "m\((user * 5 + j * 7) % 25)", minutesWatched: 10 + j,
                rating: j == 0 ? 4 : nil, at: Int64(user * 1000 + j))
        }
    }
    static let genres = Dictionary(
        uniqueKeysWithValues: (0..<25).map { ("m\($0)", $0 % 2 == 0 ? ["Drama"] : ["Comedy", "Drama"]) })

    static var specifications: [ModelSpecification] {
        var als = ALSConfiguration()
        als.factors = 6
        als.iterations = 3
        return [.als(als, confidence: .init()), .popGenre(.init(halfLifeDays: 10, genreBoost: 3))]
    }

    @Test(arguments: specifications)
    func aDecodedModelRanksExactlyAsTheTrainedOne(specification: ModelSpecification) throws {
        let model = specification.fit(InteractionIndex(Self.interactions), genresByMovie: Self.genres)
        let data = try ModelArtifact.encode(model, specification: specification)
        let (loaded, loadedSpecification) = try ModelArtifact.decode(data)
        #expect(loadedSpecification == specification)
        #expect(loaded.index.userIDs == model.index.userIDs && loaded.index.movieIDs == model.index.movieIDs)
        #expect(loaded.coldStart == model.coldStart)
        for user in [Int64(100), 107, 129, 5000] {
            #expect(loaded.recommend(userID: user, count: 10) == model.recommend(userID: user, count: 10))
        }
        let seen = Set(Self.interactions.filter { $0.userID == 107 }.map(\.movieID))
        #expect(seen.isDisjoint(with: loaded.recommend(userID: 107, count: 25)))
    }

    @Test func damagedBytesAreAnErrorNeverACrash() throws {
        let specification = Self.specifications[0]
        let data = try ModelArtifact.encode(
            specification.fit(InteractionIndex(Self.interactions)), specification: specification)
        for cut in [0, 7, 8, 20, data.count / 2, data.count - 3] {
            #expect(throws: RecommenderError.self) { try ModelArtifact.decode(data.prefix(cut)) }
        }
        var flipped = data
        flipped[flipped.startIndex + 1] ^= 0xFF
        #expect(throws: RecommenderError.self) { try ModelArtifact.decode(flipped) }
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
