window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1712900000000000002"
          ],
          "editableUntil" : "2023-10-13T15:58:50.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [
          {
            "name" : "friend",
            "screen_name" : "friend",
            "indices" : [
              "0",
              "1"
            ],
            "id_str" : "7",
            "id" : "7"
          }
        ],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "209"
      ],
      "favorite_count" : "1",
      "id_str" : "1712900000000000002",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1712900000000000002",
      "created_at" : "Sat Oct 14 09:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "@friend Thread 1/2: the data behind the movement is people's own disclosures. Anyone who studies it should treat each reply as testimony, not as a data point, and keep it on their own machine. That is why we …",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1712800000000000000",
      "in_reply_to_screen_name" : "friend",
      "in_reply_to_user_id_str" : "7"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1500000000000000001"
          ],
          "editableUntil" : "2023-10-13T15:58:50.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "Throwback",
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
        "24"
      ],
      "favorite_count" : "1",
      "id_str" : "1500000000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1500000000000000001",
      "created_at" : "Tue Mar 15 10:00:00 +0000 2022",
      "favorited" : false,
      "full_text" : "An older post #Throwback",
      "lang" : "en"
    }
  }
]