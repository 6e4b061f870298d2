window.__THAR_CONFIG = {
  "userInfo" : {
    "accountId" : "1000000000000000007",
    "userName" : "chorus_fixture",
    "displayName" : "Chorus Fixture"
  },
  "archiveInfo" : {
    "sizeBytes" : "12345",
    "generationDate" : "2023-11-01T10:00:00.000Z",
    "isPartialArchive" : false,
    "maxPartSizeBytes" : "53687091200"
  },
  "readmeInfo" : {
    "fileName" : "data/README.txt",
    "directory" : "data/",
    "name" : "README.txt"
  },
  "dataTypes" : {
    "like" : {
      "files" : [
        {
          "fileName" : "data/like.js",
          "globalName" : "YTD.like.part0",
          "count" : "4"
        }
      ]
    },
    "noteTweet" : {
      "files" : [
        {
          "fileName" : "data/note-tweet.js",
          "globalName" : "YTD.note_tweet.part0",
          "count" : "4"
        }
      ]
    },
    "profile" : {
      "files" : [
        {
          "fileName" : "data/profile.js",
          "globalName" : "YTD.profile.part0",
          "count" : "1"
        }
      ]
    },
    "tweets" : {
      "mediaDirectory" : "data/tweets_media",
      "files" : [
        {
          "fileName" : "data/tweets.js",
          "globalName" : "YTD.tweets.part0",
          "count" : "3"
        },
        {
          "fileName" : "data/tweets-part1.js",
          "globalName" : "YTD.tweets.part1",
          "count" : "2"
        },
        {
          "fileName" : "data/tweets-part2.js",
          "globalName" : "YTD.tweets.part2",
          "count" : "1"
        }
      ]
    }
  }
}