window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000001"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "MeToo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "93"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000001",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000001",
      "created_at" : "Sun Oct 15 20:21:59 +0000 2017",
      "favorited" : false,
      "full_text" : "If you've been sexually harassed or assaulted write 'me too' as a reply to this tweet. #MeToo",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "920000000000000002"
          ],
          "editableUntil" : "2017-10-15T21:21:59.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "metoo",
            "indices" : [
              "0",
              "1"
            ]
          }
        ],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "59"
      ],
      "favorite_count" : "3",
      "id_str" : "920000000000000002",
      "truncated" : false,
      "retweet_count" : "1",
      "id" : "920000000000000002",
      "created_at" : "Mon Oct 16 08:00:00 +0000 2017",
      "favorited" : false,
      "full_text" : "Me too. #metoo &amp; solidarity with everyone speaking up ðŸ