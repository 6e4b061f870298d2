window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1712845355925082112"
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
        "295"
      ],
      "favorite_count" : "1",
      "id_str" : "1712845355925082112",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1712845355925082112",
      "created_at" : "Fri Oct 13 14:58:50 +0000 2023",
      "favorited" : false,
      "full_text" : "Five years after #MeToo began, here is what I learned from reading ten thousand replies: people remember the first person who believed them. They remember who stayed silent. And they remember whether anything changed at work afterwards. We owe them more than a hashtag; … https://t.co/abcdEFGH12",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1712900000000000001"
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
        "16"
      ],
      "favorite_count" : "1",
      "id_str" : "1712900000000000001",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1712900000000000001",
      "created_at" : "Fri Oct 13 18:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Short one #MeToo",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1712900000000000003"
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
      "id_str" : "1712900000000000003",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1712900000000000003",
      "created_at" : "Sat Oct 14 09:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "@friend Thread 2/2: if you are a researcher, write down how you counted. Which posts did you keep, which did you drop, what did you do with retweets and edits, and which time zone are your days in? Numbers wi…",
      "lang" : "en",
      "in_reply_to_status_id_str" : "1712900000000000002",
      "in_reply_to_screen_name" : "friend",
      "in_reply_to_user_id_str" : "7"
    }
  }
]